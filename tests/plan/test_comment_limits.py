"""The comment form's limits: a rate limit shared with the desk's form, and fields never too long.

Whatever is refused is explained in Japanese with everything typed still in the form.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from consultations.models import Consultation
from plan.models import Comment, CommentPeriod
from tests.consultations.form_client import FormState
from tests.consultations.form_client import submit as submit_consultation
from tests.consultations.form_client import typed as typed_consultation
from tests.plan.comment_client import form_data, form_url
from tests.plan.factories import make_open_period

pytestmark = pytest.mark.django_db

RATE_LIMITED = "短い時間に多くの送信があったため、受け付けを一時停止しています。"
ADDRESS = "192.0.2.10"
# A well-formed address of 316 characters: longer than the 254 the column (and mail) allows.
LONG_EMAIL = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".example.jp"


@pytest.fixture(autouse=True)
def fresh_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def period(seed) -> CommentPeriod:
    return make_open_period()


def post(client, period: CommentPeriod, data: dict, address: str = ADDRESS):
    return client.post(form_url(period), data, REMOTE_ADDR=address)


def assert_kept(response, data: dict) -> None:
    values = FormState(response.content.decode()).values
    for name in ("body", "name", "email", "submission_token"):
        assert values.get(name) == data[name], name


def error_of(response, name: str) -> str:
    form = response.context["form"]
    return " ".join(form.errors.get(name, []))


def test_too_many_comments_from_one_address_are_paused_without_losing_the_input(
    client, period, settings
):
    settings.CONSULTATION_RATE_LIMIT = 3
    for _ in range(3):
        assert post(client, period, form_data(consent=None)).status_code == 200

    data = form_data()
    limited = post(client, period, data)
    assert limited.status_code == 429
    page = limited.content.decode()
    assert RATE_LIMITED in page
    assert "分後に、もう一度送信してください。" in page
    assert_kept(limited, data)
    assert not Comment.objects.exists()

    assert post(client, period, data, address="192.0.2.20").status_code == 302
    assert Comment.objects.count() == 1


def test_the_comment_form_counts_apart_from_the_consultation_form(client, period, settings):
    settings.CONSULTATION_RATE_LIMIT = 2
    for _ in range(2):
        response = submit_consultation(client, typed_consultation(), REMOTE_ADDR=ADDRESS)
        assert response.status_code == 302
    assert submit_consultation(client, typed_consultation(), REMOTE_ADDR=ADDRESS).status_code == 429

    assert post(client, period, form_data()).status_code == 302
    assert Comment.objects.count() == 1 and Consultation.objects.count() == 2


def test_an_email_longer_than_254_characters_is_a_field_error_and_nothing_is_lost(client, period):
    assert len(LONG_EMAIL) > 254
    data = form_data(email=LONG_EMAIL)
    response = post(client, period, data)
    assert response.status_code == 200
    assert "メールアドレスは254文字以内で入力してください" in error_of(response, "email")
    assert "メールアドレスは254文字以内で入力してください" in response.content.decode()
    assert_kept(response, data)
    assert not Comment.objects.exists()

    corrected = data | {"email": "hanako@example.jp"}
    assert post(client, period, corrected).status_code == 302
    assert Comment.objects.get().email == "hanako@example.jp"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "青" * 101, "お名前は100文字以内で入力してください（現在101文字）。"),
        ("body", "あ" * 4001, "ご意見は4000文字以内で入力してください（現在4001文字）。"),
        ("section", "9" * 30, "ご意見の対象となる項目は一覧から選んでください。"),
    ],
)
def test_an_over_long_field_is_a_japanese_field_error(client, period, field, value, message):
    data = form_data(**{field: value})
    response = post(client, period, data)
    assert response.status_code == 200
    assert message in error_of(response, field)
    assert message in response.content.decode()
    assert not Comment.objects.exists()
    values = FormState(response.content.decode()).values
    for name in ("body", "name", "email"):
        assert values.get(name) == data[name], name
