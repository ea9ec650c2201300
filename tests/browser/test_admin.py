"""The admin in real Chromium: staff sign in and change a post's holder under the strict CSP."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from headquarters.models import Post
from tests.browser.helpers import sign_in
from tests.conftest import make_person, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_changes_a_holder_and_the_public_roster_follows(page, live_server, seed):
    make_user("editor", perms=["headquarters.*"])
    person = make_person("新任 四郎", "しんにん しろう")
    post = Post.objects.get(title="総務部長")
    sign_in(page, live_server.url, "editor")

    page.goto(live_server.url + reverse("admin:headquarters_post_change", args=[post.pk]))
    row = page.locator("#appointments-0")
    # The person field is an autocomplete (select2): open it, type, pick.
    row.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("新任")
    page.locator(".select2-results__option", has_text="新任 四郎").click()
    expect(row.locator(".select2-selection__rendered")).to_contain_text("新任 四郎")
    row.locator("input[name$='-start']").fill("2024-04-01")
    page.get_by_role("button", name="保存", exact=True).click()
    # A loaded CI machine may take a while to save and draw the list.
    expect(page.locator(".messagelist .success")).to_have_count(1, timeout=20_000)

    assert post.appointments.get().person == person
    page.goto(live_server.url + reverse("headquarters:body-detail", args=["headquarters"]))
    expect(page.get_by_role("row", name="総務部長")).to_contain_text("新任 四郎")
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
