"""Public pages come from the shared cache until public data changes, and never show stale data.

For every kind of public page: view it (so it is cached), change what it shows as staff would
(a save, a delete, an admin action), and the very next request shows the change.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.cache import cache
from django.urls import resolve
from django.utils import timezone

from consultations.models import Desk
from dxportal import public_content
from dxportal.models import AccessibilityTestRun, Notice
from headquarters.models import Body, Charter, Meeting, Person, Post
from plan.models import Comment, CommentPeriod, Event, Plan, Version
from tests.conftest import publish
from tests.pages import sitemap_paths

MARK = "（キャッシュ確認）"


def rename_headquarters() -> None:
    body = Body.objects.get(slug="headquarters")
    body.name += MARK
    body.save()


def rename_holder() -> None:
    post = Post.objects.filter(body__slug="headquarters").first()
    person = Person.objects.create(name="確認 太郎" + MARK)
    post.appointments.create(person=person, start=datetime.date(2023, 4, 1))


def retitle_charter() -> None:
    charter = Charter.objects.get(pk=1)
    charter.title += MARK
    charter.save()


def move_meeting() -> None:
    meeting = Meeting.objects.get(pk=1)
    meeting.place += MARK
    meeting.save()


def republish_meeting() -> None:
    move_meeting()
    publish(Meeting.objects.get(pk=1), reason="場所の訂正")


def retitle_material_and_republish() -> None:
    meeting = Meeting.objects.get(pk=1)
    material = meeting.materials.get(pk=1)
    material.title += MARK
    material.save()
    publish(meeting, reason="資料名の訂正")


def retitle_plan() -> None:
    plan = Plan.objects.get()
    plan.title += MARK
    plan.save()


def retitle_version() -> None:
    version = Version.objects.get(number=1)
    version.title += MARK
    version.save()


def relabel_event() -> None:
    event = Event.objects.filter(track__schedule__fiscal_year=2023).first()
    event.label += MARK
    event.save()


def rewrite_desk_lead() -> None:
    desk = Desk.objects.get()
    desk.lead += MARK
    desk.save()


def publish_a_notice() -> None:
    Notice.objects.create(title="お知らせ" + MARK, is_published=True)


def rename_the_operator() -> None:
    desk = Desk.objects.get()
    desk.operator_name += MARK
    desk.save()


def retarget_the_test_run() -> None:
    run = AccessibilityTestRun.objects.filter(is_published=True).first()
    run.target += MARK
    run.save()


def delete_a_body() -> None:
    """A delete, not a save: the body leaves the sitemap."""
    Body.objects.get(slug="plan-committee").delete()


# Every kind of page the sitemap lists, and a change staff make that the page shows.
EDITS = {
    "home": rename_headquarters,
    "headquarters:overview": rename_headquarters,
    "headquarters:body-detail": rename_holder,
    "headquarters:charter-detail": retitle_charter,
    "headquarters:meeting-list": move_meeting,
    "headquarters:meeting-detail": republish_meeting,
    "headquarters:material-detail": retitle_material_and_republish,
    "plan:plan-detail": retitle_plan,
    "plan:version-list": retitle_version,
    "plan:version-detail": retitle_version,
    "plan:progress": retitle_plan,
    "plan:schedule-detail": relabel_event,
    "consultations:desk-detail": rewrite_desk_lead,
    "news": publish_a_notice,
    "privacy": rename_the_operator,
    "accessibility": retarget_the_test_run,
    "sitemap-page": rename_headquarters,
}
# Pages with a form and its tokens: never cached.
UNCACHED = {"consultations:consultation-form"}


def first_path_of_each_kind(client) -> dict[str, str]:
    paths: dict[str, str] = {}
    for path in sitemap_paths(client):
        paths.setdefault(resolve(path).view_name, path)
    return paths


@pytest.fixture
def pages(published_seed, client) -> dict[str, str]:
    return first_path_of_each_kind(client)


def test_every_kind_of_sitemap_page_has_an_invalidation_case(pages):
    assert set(pages) == set(EDITS) | UNCACHED


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_the_first_request_after_a_staff_edit_shows_it(kind, pages, client):
    path = pages[kind]
    first = client.get(path)
    assert first.status_code == 200
    assert MARK not in first.content.decode()
    assert client.get(path).content == first.content  # now from the cache

    EDITS[kind]()

    assert MARK in client.get(path).content.decode(), path


def test_a_delete_renews_the_pages(pages, client):
    assert "/headquarters/bodies/plan-committee/" in client.get("/sitemap.xml").content.decode()
    delete_a_body()
    assert "/headquarters/bodies/plan-committee/" not in client.get("/sitemap.xml").content.decode()


def test_an_admin_action_that_updates_rows_renews_the_pages(published_seed, client, admin_client):
    """Publishing comment results is a queryset update, which sends no save signal."""
    version = Version.objects.get(number=1)
    now = timezone.now()
    period = CommentPeriod.objects.create(
        version=version,
        title="意見募集",
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now - datetime.timedelta(days=1),
        results_published_on=timezone.localdate(),
    )
    section = version.plan.sections.first()
    comment = Comment.objects.create(
        period=period,
        section=section,
        body="意見本文",
        consented_at=now,
        submission_token=uuid.uuid4(),
        summary="概要" + MARK,
        response="考え方",
    )
    path = f"/plan/{version.plan.slug}/comments/{period.pk}/results/"
    assert MARK not in client.get(path).content.decode()

    response = admin_client.post(
        "/admin/plan/comment/", {"action": "publish", "_selected_action": [comment.pk]}
    )
    assert response.status_code == 302

    assert MARK in client.get(path).content.decode()


def test_cached_pages_answer_conditional_requests(published_seed, client):
    first = client.get("/headquarters/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/headquarters/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/headquarters/", headers={"if-modified-since": modified}).status_code == 304

    rename_headquarters()

    again = client.get("/headquarters/", headers={"if-none-match": etag})
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_public_pages_may_be_reused_briefly_by_browsers_and_cdns(published_seed, client):
    response = client.get("/")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]  # a signed-in visitor's page differs
    # One language only: a CDN keeps one copy, whatever languages the browser lists.
    english = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert "Accept-Language" not in english["Vary"]
    assert english.content == response.content and 'lang="ja"' in english.content.decode()


def test_pages_of_signed_in_visitors_are_never_stored(published_seed, admin_client):
    response = admin_client.get("/headquarters/meetings/1/")
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


@pytest.mark.parametrize("path", ["/desk/aomori-dx/consult/"])
def test_pages_with_forms_are_never_stored_in_shared_caches(desk, client, path):
    response = client.get(path)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_unknown_query_parameters_share_the_cached_page(published_seed, client):
    client.get("/headquarters/charter/1/")
    keys_before = cache.get(public_content.VERSION_KEY)
    tagged = client.get("/headquarters/charter/1/?utm_source=mail&x=1")
    assert tagged["ETag"] == client.get("/headquarters/charter/1/")["ETag"]
    assert cache.get(public_content.VERSION_KEY) == keys_before


def test_a_parameter_the_page_reads_is_part_of_its_key(published_seed, client):
    today = client.get("/headquarters/charter/1/")
    earlier = client.get("/headquarters/charter/1/?on=2023-05-01")
    assert earlier.status_code == 200
    assert earlier["ETag"] != today["ETag"]


def test_pages_are_kept_no_longer_than_the_next_comment_period_change(published_seed):
    now = timezone.now()
    closes = now + datetime.timedelta(minutes=5)
    CommentPeriod.objects.create(
        version=Version.objects.get(number=1),
        title="意見募集",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=closes,
    )
    assert public_content.next_change(now) == closes


def test_pages_are_kept_no_longer_than_midnight_in_japan(published_seed):
    now = datetime.datetime(2026, 11, 29, 14, 0, tzinfo=datetime.UTC)  # 23:00 in Japan
    assert public_content.next_change(now) == datetime.datetime(
        2026, 11, 29, 15, 0, tzinfo=datetime.UTC
    )


def test_a_change_bumps_the_version_again_when_it_commits(
    published_seed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rename_headquarters()
        during = public_content.content_version()
    assert callbacks, "no bump waits for the commit"
    for callback in callbacks:
        callback()
    assert public_content.content_version() != during


def test_a_new_consultation_leaves_the_cached_pages_alone(desk):
    from consultations.models import Consultation

    assert Consultation not in public_content.public_models()
