"""Plan pages with data in them, in real Chromium: axe, the CSP, and a comment sent by keyboard."""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from plan import services
from plan.models import Comment, CommentPeriod, Plan, Section, Version
from tests.browser.helpers import AXE_OPTIONS
from tests.plan.factories import make_initiative, make_open_period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def published_results() -> CommentPeriod:
    now = timezone.now()
    period = CommentPeriod.objects.create(
        version=Version.objects.get(number=1),
        title="骨子案への意見募集",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
        results_published_on=now.date(),
    )
    Comment.objects.create(
        period=period,
        section=Section.objects.get(heading="策定の趣旨"),
        body="中小企業への支援を厚くしてほしい。",
        consented_at=now,
        submission_token="00000000-0000-0000-0000-000000000001",
        summary="中小企業への支援の充実を求める意見",
        response="施策・取組の検討において参考とします。",
        is_published=True,
    )
    return period


def test_plan_pages_with_data_pass_axe_under_the_csp(page, live_server, seed):
    make_initiative("中小企業のDX支援", kpis=2)
    open_period = make_open_period()
    closed_period = published_results()
    plan = Plan.objects.get(slug="dx-plan")
    services.publish_version(
        version=Version.objects.create(plan=plan, number=2, stage="framework", title="骨子案")
    )
    paths = [
        reverse("plan:progress", args=["dx-plan"]),
        reverse("plan:comment-form", args=["dx-plan", open_period.pk]),
        reverse("plan:comment-thanks", args=["dx-plan", open_period.pk]),
        reverse("plan:comment-results", args=["dx-plan", closed_period.pk]),
        reverse("plan:comment-form", args=["dx-plan", closed_period.pk]),
        reverse("plan:version-compare", args=["dx-plan"]) + "?from=1&to=2",
    ]
    axe = Axe()
    failures = []
    for path in paths:
        page.goto(live_server.url + path)
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            failures.append(f"{path}\n{results.generate_report()}")
    # The form with its error messages shown must pass too.
    page.goto(live_server.url + paths[1])
    page.get_by_role("button", name="意見を送信する").click()
    expect(page.get_by_text("ご意見を入力してください。")).to_be_visible()
    results = axe.run(page, options=AXE_OPTIONS)
    if results.violations_count:
        failures.append(f"form with errors\n{results.generate_report()}")
    assert failures == []
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


def test_a_comment_sent_with_the_keyboard_alone_reaches_the_admin_hidden(
    page, live_server, seed, form_clock
):
    period = make_open_period()
    page.goto(live_server.url + reverse("plan:comment-form", args=["dx-plan", period.pk]))
    page.get_by_label("ご意見の対象となる項目").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("推進体制に市町村の代表も加えてください。")
    page.keyboard.press("Tab")
    page.keyboard.type("青森 花子")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the consent box
    assert page.get_by_label("上記の「個人情報の取扱い」に同意します").is_checked()
    form_clock.person_reads()  # a person takes longer than the form's minimum fill time
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="ご意見を受け付けました")).to_be_visible()

    comment = Comment.objects.get()
    assert comment.body == "推進体制に市町村の代表も加えてください。"
    assert comment.name == "青森 花子" and not comment.is_published
