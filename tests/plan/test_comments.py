"""パブリックコメント: the public form, its guards against bots and mistakes, and the results.

Every comment goes in through the public form as a person sends it (the Django test client), is
read and answered by staff in the admin, and reaches the public only once they publish it.
"""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dxportal.lib.antispam import AntispamFormMixin, started_token
from plan.models import Comment, CommentPeriod, Section, Version
from tests.conftest import make_user
from tests.plan.comment_client import BODY, EMAIL, NAME, form_data, form_url, make_comment, section

pytestmark = pytest.mark.django_db

BOT_MESSAGE = AntispamFormMixin.bot_message
PUBLISH_REFUSED = "公開するには、意見の概要と県の考え方を入力してください。"

# --- helpers --------------------------------------------------------------------------------


def make_period(
    opens_at: datetime.datetime, closes_at: datetime.datetime, title: str = "素案への意見募集"
) -> CommentPeriod:
    return CommentPeriod.objects.create(
        version=Version.objects.get(plan__slug="dx-plan", number=1),
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
    )


@pytest.fixture
def period(seed) -> CommentPeriod:
    """A period on the seed's published version 1: opened an hour ago, closes tomorrow."""
    now = timezone.now()
    return make_period(now - datetime.timedelta(hours=1), now + datetime.timedelta(days=1))


@pytest.fixture
def planner_client(client):
    """A client logged in as staff with every permission of the plan app."""
    client.force_login(make_user("planner", perms=["plan.*"]))
    return client


def thanks_url(period: CommentPeriod) -> str:
    return reverse("plan:comment-thanks", args=["dx-plan", period.pk])


def results_url(period: CommentPeriod) -> str:
    return reverse("plan:comment-results", args=["dx-plan", period.pk])


def html(response) -> str:
    return response.content.decode()


def field_block(response, name: str) -> str:
    """The markup crispy renders around one field: its label, input and errors."""
    match = re.search(
        rf'<div id="div_id_{name}".*?(?=<div id="div_id_|<input type="hidden"|</form>)',
        html(response),
        re.S,
    )
    assert match, f"no field {name} on the page"
    return match.group(0)


def close(period: CommentPeriod, *, results_published_on: datetime.date | None = None) -> None:
    """Move the period into the past, optionally with its results published."""
    now = timezone.now()
    period.opens_at = now - datetime.timedelta(days=30)
    period.closes_at = now - datetime.timedelta(hours=1)
    period.results_published_on = results_published_on
    period.save()


def answered(period: CommentPeriod, summary: str, response: str, **fields) -> Comment:
    return make_comment(period, summary=summary, response=response, is_published=True, **fields)


def section_of_results(response, section: Section) -> str:
    """The <section> of the results page that holds one plan section's comments."""
    match = re.search(
        rf'<section aria-labelledby="results-{section.pk}">(.*?)</section>', html(response), re.S
    )
    assert match, f"no results for {section}"
    return match.group(1)


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return re.findall(r"<loc>(.*?)</loc>", html(response))


def public_pages(period: CommentPeriod) -> list[str]:
    return [
        reverse("home"),
        reverse("plan:plan-detail", args=["dx-plan"]),
        reverse("plan:version-list", args=["dx-plan"]),
        reverse("plan:version-detail", args=["dx-plan", 1]),
        reverse("plan:progress", args=["dx-plan"]),
        form_url(period),
        thanks_url(period),
        "/sitemap.xml",
    ]


# --- submitting in the period ---------------------------------------------------------------


def test_a_comment_in_the_open_period_is_saved_and_thanked(client, period):
    response = client.post(form_url(period), form_data())

    assert response.status_code == 302
    assert response["Location"] == thanks_url(period)
    comment = Comment.objects.get()
    assert comment.period == period
    assert comment.section == section()
    assert (comment.body, comment.name, comment.email) == (BODY, NAME, EMAIL)
    assert comment.consented_at is not None and comment.submitted_at is not None
    assert not comment.is_published and comment.summary == comment.response == ""

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "ご意見を受け付けました" in html(thanks)
    assert period.title in html(thanks)


def test_a_submitted_comment_reaches_the_admin_but_not_the_public(client, period):
    assert client.post(form_url(period), form_data()).status_code == 302
    comment = Comment.objects.get()

    for url in public_pages(period):
        page = client.get(url)
        assert page.status_code == 200, url
        assert BODY not in html(page), url
        assert NAME not in html(page) and EMAIL not in html(page), url
    assert client.get(results_url(period)).status_code == 404

    client.force_login(make_user("planner", perms=["plan.*"]))
    changelist = client.get(reverse("admin:plan_comment_changelist"))
    assert changelist.status_code == 200
    assert reverse("admin:plan_comment_change", args=[comment.pk]) in html(changelist)
    assert period.title in html(changelist)
    change = client.get(reverse("admin:plan_comment_change", args=[comment.pk]))
    assert change.status_code == 200
    assert BODY in html(change) and NAME in html(change) and EMAIL in html(change)


def test_officials_and_concierges_cannot_read_comments(client, period, official, concierge):
    make_comment(period)
    for user in (official, concierge):
        client.force_login(user)
        assert client.get(reverse("admin:plan_comment_changelist")).status_code == 403


def test_results_stay_hidden_until_the_period_has_closed_and_results_are_published(client, period):
    answered(period, "窓口を地域にも", "地域県民局と連携して検討します。")
    # Open, even with a publication date already entered.
    period.results_published_on = timezone.localdate()
    period.save()
    assert client.get(results_url(period)).status_code == 404

    close(period, results_published_on=None)
    assert client.get(results_url(period)).status_code == 404

    close(period, results_published_on=timezone.localdate())
    assert client.get(results_url(period)).status_code == 200


def test_published_results_show_summary_and_response_under_their_section(client, period):
    purpose, period_section = section("策定の趣旨"), section("期間")
    answered(period, "相談窓口を地域にも設けてほしい。", "地域県民局と連携して検討します。")
    answered(
        period,
        "計画期間を短くしてほしい。",
        "国の計画と合わせて5年間とします。",
        section=period_section,
    )
    make_comment(period, summary="まだ公開しない概要", response="まだ公開しない考え方")
    make_comment(period, body="概要のない意見")
    close(period, results_published_on=datetime.date(2024, 3, 1))

    response = client.get(results_url(period))

    assert response.status_code == 200
    page = html(response)
    assert f">{purpose}</h2>" in page and f">{period_section}</h2>" in page
    first = section_of_results(response, purpose)
    assert "相談窓口を地域にも設けてほしい。" in first
    assert "地域県民局と連携して検討します。" in first
    assert "計画期間を短くしてほしい。" not in first
    second = section_of_results(response, period_section)
    assert "計画期間を短くしてほしい。" in second
    assert "国の計画と合わせて5年間とします。" in second
    assert page.index(f">{purpose}</h2>") < page.index(f">{period_section}</h2>")
    # Unpublished comments and what people typed stay out.
    assert "まだ公開しない概要" not in page and "まだ公開しない考え方" not in page
    assert BODY not in page and "概要のない意見" not in page
    assert "令和6年3月1日" in page


# --- outside the period ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opens_in", "closes_in"),
    [
        pytest.param(datetime.timedelta(days=1), datetime.timedelta(days=10), id="before"),
        pytest.param(-datetime.timedelta(days=10), -datetime.timedelta(hours=1), id="after"),
    ],
)
def test_a_comment_outside_the_period_is_refused_and_keeps_the_text(
    client, seed, opens_in, closes_in
):
    now = timezone.now()
    period = make_period(now + opens_in, now + closes_in)

    response = client.post(form_url(period), form_data())

    assert response.status_code == 200
    page = html(response)
    assert "意見の募集期間外のため、受け付けられませんでした。" in page
    assert not Comment.objects.exists()
    assert BODY in page
    assert f'value="{NAME}"' in page and f'value="{EMAIL}"' in page


def test_the_form_of_a_closed_period_says_so_and_is_not_shown(client, seed):
    now = timezone.now()
    period = make_period(now - datetime.timedelta(days=10), now - datetime.timedelta(hours=1))

    response = client.get(form_url(period))

    assert response.status_code == 200
    assert "現在、意見を募集していません" in html(response)
    assert "<textarea" not in html(response)


def test_a_period_that_closes_while_the_person_types_refuses_the_comment(client, period):
    page = client.get(form_url(period))
    assert page.status_code == 200 and "<textarea" in html(page)
    close(period)

    response = client.post(form_url(period), form_data())

    assert response.status_code == 200
    assert "意見の募集期間外のため、受け付けられませんでした。" in html(response)
    assert BODY in html(response)
    assert not Comment.objects.exists()


# --- mistakes keep what was typed -----------------------------------------------------------


def test_a_missing_body_is_named_next_to_the_field_and_the_rest_is_kept(client, period):
    response = client.post(form_url(period), form_data(body="   "))

    assert response.status_code == 200
    body = field_block(response, "body")
    assert "ご意見を入力してください。" in body
    assert 'aria-describedby="id_body_error"' in body and 'aria-invalid="true"' in body
    assert "ご意見を入力してください。" not in field_block(response, "name")
    assert f'value="{NAME}"' in field_block(response, "name")
    assert f'value="{EMAIL}"' in field_block(response, "email")
    assert re.search(r'<input type="checkbox" name="consent"[^>]* checked', html(response))
    assert "入力内容に誤りがあります" in html(response)
    assert BOT_MESSAGE not in html(response)
    assert not Comment.objects.exists()


def test_an_invalid_email_gets_a_japanese_message_and_keeps_the_body(client, period):
    response = client.post(form_url(period), form_data(email="hanako@"))

    assert response.status_code == 200
    assert "メールアドレスの形式が正しくありません。" in field_block(response, "email")
    assert 'value="hanako@"' in field_block(response, "email")
    assert BODY in field_block(response, "body")
    assert not Comment.objects.exists()


def test_consent_not_ticked_is_required_in_japanese(client, period):
    response = client.post(form_url(period), form_data(consent=None))

    assert response.status_code == 200
    assert "個人情報の取扱いに同意いただく必要があります。" in field_block(response, "consent")
    assert BODY in field_block(response, "body")
    assert f'value="{NAME}"' in field_block(response, "name")
    assert not Comment.objects.exists()


def test_a_body_over_4000_characters_is_refused_with_its_length(client, period):
    response = client.post(form_url(period), form_data(body="あ" * 4001))

    assert response.status_code == 200
    assert "ご意見は4000文字以内で入力してください（現在4001文字）。" in field_block(
        response, "body"
    )
    assert not Comment.objects.exists()


def test_a_corrected_form_is_accepted(client, period):
    data = form_data(body="")
    first = client.post(form_url(period), data)
    assert first.status_code == 200
    # The page carries a fresh timestamp; a person takes more than 3 seconds to correct it.
    data["body"] = BODY
    data["started"] = started_token(now=time.time() - 5)

    assert client.post(form_url(period), data).status_code == 302
    assert Comment.objects.get().body == BODY


def test_script_in_a_refused_comment_is_shown_escaped_in_the_form(client, period):
    typed = "<script>alert(1)</script>"
    response = client.post(form_url(period), form_data(body=typed, consent=None))

    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html(response)
    assert "<script>alert" not in html(response)


# --- bots -----------------------------------------------------------------------------------


def test_a_filled_honeypot_is_refused(client, period):
    response = client.post(form_url(period), form_data(website="http://spam.example"))

    assert response.status_code == 200
    assert BOT_MESSAGE in html(response)
    assert not Comment.objects.exists()


def test_people_and_screen_readers_never_meet_the_honeypot(client, period):
    """display:none hides the field from the eye and from the accessibility tree alike."""
    page = client.get(form_url(period))
    assert page.status_code == 200
    assert re.search(r'<div id="div_id_website"', html(page))
    assert 'tabindex="-1"' in re.search(r'<input[^>]*name="website"[^>]*>', html(page)).group(0)
    stylesheet = (settings.BASE_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert re.search(r"#div_id_website\s*\{\s*display:\s*none", stylesheet)


def test_a_submission_faster_than_three_seconds_is_refused(client, period):
    response = client.post(form_url(period), form_data(started=started_token()))

    assert response.status_code == 200
    assert BOT_MESSAGE in html(response)
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(
            lambda: signing.dumps(int(time.time() - 10), salt="some-other-salt"), id="other-salt"
        ),
        pytest.param(lambda: started_token(now=time.time() - 10)[:-2] + "xx", id="tampered"),
        pytest.param(lambda: "1700000000", id="bare-number"),
        pytest.param(lambda: "", id="empty"),
        pytest.param(lambda: None, id="missing"),
    ],
)
def test_a_forged_or_missing_timestamp_is_refused(client, period, token):
    response = client.post(form_url(period), form_data(started=token()))

    assert response.status_code == 200
    assert BOT_MESSAGE in html(response)
    assert not Comment.objects.exists()


def test_a_form_left_open_for_more_than_a_day_is_refused(client, period):
    response = client.post(
        form_url(period), form_data(started=started_token(now=time.time() - 2 * 24 * 60 * 60))
    )

    assert response.status_code == 200
    assert BOT_MESSAGE in html(response)
    assert not Comment.objects.exists()


# --- double submission ----------------------------------------------------------------------


def test_the_same_submission_sent_twice_is_saved_once(client, period):
    data = form_data()

    first = client.post(form_url(period), data)
    second = client.post(form_url(period), data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == thanks_url(period)
    assert Comment.objects.count() == 1
    assert str(Comment.objects.get().submission_token) == data["submission_token"]


def test_two_submissions_with_their_own_tokens_are_two_comments(client, period):
    assert client.post(form_url(period), form_data()).status_code == 302
    assert client.post(form_url(period), form_data(body="別の意見")).status_code == 302
    assert Comment.objects.count() == 2


# --- staff answer and publish ---------------------------------------------------------------


def change_comment(client, comment: Comment, **data):
    data.setdefault("_save", "保存")
    return client.post(reverse("admin:plan_comment_change", args=[comment.pk]), data)


@pytest.mark.parametrize(
    ("summary", "response"),
    [("", ""), ("概要だけ", ""), ("", "考え方だけ")],
    ids=["neither", "summary-only", "response-only"],
)
def test_the_admin_cannot_publish_a_comment_without_summary_and_response(
    planner_client, period, summary, response
):
    comment = make_comment(period)

    page = change_comment(
        planner_client, comment, summary=summary, response=response, is_published="on"
    )

    assert page.status_code == 200
    assert PUBLISH_REFUSED in html(page)
    comment.refresh_from_db()
    assert not comment.is_published
    assert comment.summary == comment.response == ""


def test_the_admin_publishes_a_comment_with_summary_and_response(planner_client, period):
    comment = make_comment(period)

    page = change_comment(
        planner_client,
        comment,
        summary="相談窓口を地域にも",
        response="地域県民局と連携して検討します。",
        is_published="on",
    )

    assert page.status_code == 302
    comment.refresh_from_db()
    assert comment.is_published
    assert comment.body == BODY  # read-only in the admin: what the person wrote stays


def test_the_database_refuses_a_published_comment_without_an_answer(period):
    comment = make_comment(period)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(is_published=True)


def test_the_publish_action_publishes_only_answered_comments(planner_client, period):
    ready = make_comment(period, summary="概要", response="県の考え方")
    summary_only = make_comment(period, summary="概要だけ")
    bare = make_comment(period)

    page = planner_client.post(
        reverse("admin:plan_comment_changelist"),
        {
            "action": "publish",
            "_selected_action": [ready.pk, summary_only.pk, bare.pk],
            "index": "0",
        },
        follow=True,
    )

    assert page.status_code == 200
    assert "1件を公開しました。" in html(page)
    assert "概要または県の考え方が未記入の2件は公開していません。" in html(page)
    assert set(Comment.objects.filter(is_published=True)) == {ready}


def test_the_admin_cannot_add_comments(planner_client, period):
    assert planner_client.get(reverse("admin:plan_comment_add")).status_code == 403


# --- the results page -----------------------------------------------------------------------


def test_script_typed_in_a_comment_is_shown_escaped_on_the_results_page(client, period):
    typed = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
    assert client.post(form_url(period), form_data(body=typed)).status_code == 302
    comment = Comment.objects.get()
    assert comment.body == typed
    # Staff quote the comment as it was written.
    comment.summary = comment.body
    comment.response = "<b>ご意見</b>として承ります。"
    comment.is_published = True
    comment.save()
    close(period, results_published_on=timezone.localdate())

    response = client.get(results_url(period))

    assert response.status_code == 200
    page = html(response)
    assert "&lt;script&gt;" in page
    assert "<script>alert" not in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>ご意見</b>" not in page and "&lt;b&gt;ご意見&lt;/b&gt;" in page


def test_the_results_page_runs_the_same_number_of_queries_for_3_or_30_comments(client, period):
    sections = list(Section.objects.filter(plan__slug="dx-plan").order_by("order")[:5])
    close(period, results_published_on=timezone.localdate())

    def publish(count: int) -> None:
        for i in range(count):
            answered(period, f"概要{i}", f"考え方{i}", section=sections[i % len(sections)])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(results_url(period))
        assert response.status_code == 200
        return len(captured)

    publish(3)
    small = queries()
    publish(27)
    assert Comment.objects.filter(is_published=True).count() == 30
    large = queries()
    assert html(client.get(results_url(period))).count('<tr><th scope="row">') == 30
    assert large == small


# --- the sitemap ----------------------------------------------------------------------------


def test_the_sitemap_lists_the_form_while_open_and_the_results_once_published(client, period):
    def listed(url: str) -> bool:
        return any(location.endswith(url) for location in sitemap_locations(client))

    assert listed(form_url(period))
    assert not listed(results_url(period))

    close(period)
    assert not listed(form_url(period))
    assert not listed(results_url(period))

    close(period, results_published_on=timezone.localdate())
    assert not listed(form_url(period))
    assert listed(results_url(period))
    assert not any(thanks_url(period) in location for location in sitemap_locations(client))
