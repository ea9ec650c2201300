"""Drafts and publishing: staff edit the plan's content, the public sees only published versions.

The live content rows are the secretariat's draft. The public plan page and the meeting
material 資料2 show the body a version froze when it was published; the admin previews the draft.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from dxportal.lib import materials
from headquarters.models import Meeting
from plan import services
from plan.models import Plan, Section, Version
from tests.plan.factories import make_open_period
from tests.text import page_text

pytestmark = pytest.mark.django_db

PUBLISHED = "次期青森県基本計画及び行財政改革大綱の策定と整合を図りつつ、今年度中に策定する予定。"
DRAFTED = "令和6年3月の第2回本部会議での了承を経て、令和5年度末までに策定する。"
VERSION_1 = "公開中の版 第1版 （令和5年6月2日公開）"


def plan_url() -> str:
    return reverse("plan:plan-detail", args=["dx-plan"])


def preview_url() -> str:
    return reverse("admin:plan_plan_preview", args=[Plan.objects.get(slug="dx-plan").pk])


def publish_url(version: Version) -> str:
    return reverse("admin:plan_version_publish", args=[version.pk])


def public_page(client) -> str:
    response = client.get(plan_url())
    assert response.status_code == 200
    return page_text(response)


def edit_a_section(body: str = DRAFTED) -> None:
    """What staff do in the plan's admin page: rewrite 4 策定時期 and save."""
    section = Section.objects.get(plan__slug="dx-plan", heading="策定時期")
    section.body = body
    section.save()


def new_version(number: int = 2, stage: str = Plan.Stage.FRAMEWORK) -> Version:
    return Version.objects.create(
        plan=Plan.objects.get(slug="dx-plan"), number=number, stage=stage, title="骨子案"
    )


def first_meeting() -> Meeting:
    """第1回青森県DX推進本部会議, 2023-06-02: its 資料2 is version 1 of the plan."""
    return Meeting.objects.get(pk=1)


def test_the_seed_version_1_carries_its_frozen_body_and_reloading_keeps_it(seed):
    first = Version.objects.get(number=1)
    assert (
        PUBLISHED in first.frozen_body
        and "～青森県はDXでもっとおもしろくなる～" in first.frozen_body
    )
    edit_a_section()

    call_command("load_seed", verbosity=0, stdout=io.StringIO())

    first.refresh_from_db()
    assert PUBLISHED in first.frozen_body and DRAFTED not in first.frozen_body


# --- the draft stays private --------------------------------------------------------------------


def test_editing_a_section_leaves_the_public_page_as_published(client, seed):
    before = public_page(client)
    assert PUBLISHED in before and VERSION_1 in before

    edit_a_section()
    Section.objects.create(
        plan=Plan.objects.get(slug="dx-plan"), order=999, number="8", heading="新しい節の見出し"
    )

    after = public_page(client)
    assert after == before
    assert DRAFTED not in after and "新しい節の見出し" not in after
    assert "現在の段階 DX推進方向" in after


def test_editing_a_section_leaves_the_first_meetings_material_unchanged(seed):
    before = materials.render("plan", first_meeting())
    assert PUBLISHED in before

    edit_a_section()

    after = materials.render("plan", first_meeting())
    assert after == before
    assert DRAFTED not in after


def test_a_section_added_in_the_draft_is_not_offered_in_the_comment_form(client, seed):
    period = make_open_period()
    Section.objects.create(
        plan=Plan.objects.get(slug="dx-plan"), order=999, number="8", heading="新しい節の見出し"
    )

    form = page_text(client.get(reverse("plan:comment-form", args=["dx-plan", period.pk])))

    assert "1 策定の趣旨" in form and "4 策定時期" in form
    assert "新しい節の見出し" not in form


def test_a_version_published_before_bodies_were_frozen_shows_its_text_not_the_draft(client, seed):
    Version.objects.filter(number=1).update(frozen_body="")
    edit_a_section()

    page = public_page(client)

    assert PUBLISHED in page and DRAFTED not in page
    assert VERSION_1 in page


# --- the admin's preview ------------------------------------------------------------------------


def test_staff_preview_the_draft_as_the_public_page_would_show_it(editor_client, seed):
    edit_a_section()
    change = editor_client.get(
        reverse("admin:plan_plan_change", args=[Plan.objects.get(slug="dx-plan").pk])
    )
    assert preview_url() in change.content.decode() and "下書きをプレビュー" in page_text(change)

    response = editor_client.get(preview_url())

    assert response.status_code == 200
    text = page_text(response)
    assert "下書きのプレビューです。" in text
    assert DRAFTED in text and PUBLISHED not in text
    assert "いま公開ページには第1版（令和5年6月2日公開）が表示されています。" in text
    # The rest of the page reads as the public one does.
    assert "1 策定の趣旨" in text and "～青森県はDXでもっとおもしろくなる～" in text


def test_the_preview_is_refused_to_anonymous_visitors_and_staff_without_the_plan(
    client, seed, concierge
):
    edit_a_section()

    response = client.get(preview_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert DRAFTED not in response.content.decode()

    client.force_login(concierge)
    response = client.get(preview_url())
    assert response.status_code == 403
    assert DRAFTED not in response.content.decode()


def test_officials_preview_the_draft_but_cannot_publish(client, seed, official):
    edit_a_section()
    version = new_version()
    client.force_login(official)

    assert DRAFTED in page_text(client.get(preview_url()))
    assert client.get(publish_url(version)).status_code == 403
    assert client.post(publish_url(version), {"published_on": "2023-07-01"}).status_code == 403

    version.refresh_from_db()
    assert not version.is_published


# --- publishing ---------------------------------------------------------------------------------


def test_publishing_a_version_changes_the_page_moves_the_stage_and_keeps_the_date_given(
    client, editor_client, seed
):
    edit_a_section()
    version = new_version()
    form = editor_client.get(publish_url(version))
    assert form.status_code == 200
    assert "下書きとの違い: 2行" in page_text(form)  # 策定時期: one line out, one in

    response = editor_client.post(publish_url(version), {"published_on": "2023-07-01"})

    assert response.status_code == 302
    version.refresh_from_db()
    assert version.published_on == datetime.date(2023, 7, 1)
    assert Plan.objects.get(slug="dx-plan").stage == Plan.Stage.FRAMEWORK
    page = public_page(client)
    assert DRAFTED in page and PUBLISHED not in page
    assert "公開中の版 第2版 （令和5年7月1日公開）" in page
    assert "現在の段階 骨子案" in page
    # Later edits wait for the next version again.
    edit_a_section("その後に書き直した文。")
    assert "その後に書き直した文。" not in public_page(client)


def test_the_publish_form_offers_today_as_the_date(editor_client, seed):
    form = editor_client.get(publish_url(new_version()))
    assert f'value="{timezone.localdate().isoformat()}"' in form.content.decode()


@pytest.mark.parametrize(
    ("published_on", "message"),
    [
        pytest.param("2099-01-01", "公開日に未来の日付は指定できません。", id="future"),
        pytest.param(
            "2023-06-01",
            "公開日は、公開済みの第1版の公開日（令和5年6月2日）より前にはできません。",
            id="before-version-1",
        ),
        pytest.param("", "公開日を入力してください。", id="empty"),
    ],
)
def test_a_bad_date_is_refused_and_nothing_is_published(
    client, editor_client, seed, published_on, message
):
    edit_a_section()
    version = new_version()

    response = editor_client.post(publish_url(version), {"published_on": published_on})

    assert response.status_code == 200
    assert message in page_text(response)
    version.refresh_from_db()
    assert not version.is_published and version.frozen_body == ""
    assert Plan.objects.get(slug="dx-plan").stage == Plan.Stage.DIRECTION
    assert DRAFTED not in public_page(client)


def test_a_published_version_is_never_published_again(editor_client, seed):
    first = Version.objects.get(number=1)
    frozen = first.frozen_body
    edit_a_section()

    response = editor_client.get(publish_url(first))
    assert response.status_code == 302
    with pytest.raises(ValidationError, match="第1版は公開済みです。"):
        services.publish_version(version=first, on=datetime.date(2023, 7, 1))

    first.refresh_from_db()
    assert first.frozen_body == frozen and first.published_on == datetime.date(2023, 6, 2)
    assert DRAFTED not in first.frozen_body


# --- meeting materials draw the version current on the meeting's date -------------------------


def test_the_first_meetings_material_still_shows_version_1_after_version_2(seed):
    before = materials.render("plan", first_meeting())
    edit_a_section()
    services.publish_version(version=new_version(), on=datetime.date(2023, 7, 1))

    material = materials.render("plan", first_meeting())

    assert material == before
    assert PUBLISHED in material and DRAFTED not in material
    later = Meeting(body=first_meeting().body, number=2, date=datetime.date(2023, 7, 1))
    assert DRAFTED in materials.render("plan", later)


def test_a_meeting_before_any_version_says_so_in_its_material(seed):
    earlier = Meeting(body=first_meeting().body, number=0, date=datetime.date(2023, 6, 1))

    material = materials.render("plan", earlier)

    assert "令和5年6月1日の時点で公開されていたDX推進プランの版はありません。" in material
    assert PUBLISHED not in material
