"""Hostile query strings (², 10**30, NUL, impossible dates, …) never make a page a 500."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib import admin
from django.http import Http404, HttpRequest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from dxportal.lib.admin_query import CleanQueryAdminMixin
from dxportal.lib.fiscal import fiscal_year
from dxportal.lib.params import (
    choice_param,
    date_param,
    int_param,
    text_param,
    without_control_characters,
)
from headquarters.meetings.models import Meeting
from headquarters.models import Body
from tests.admin_forms import admin_url
from tests.conftest import publish

pytestmark = pytest.mark.django_db

HOSTILE = [
    "²",
    "0",
    "-1",
    "99999",
    str(10**30),
    "\x00",
    "\x00\x1f",
    "'",
    "<script>",
    "x" * 3000,
    "0001-01-01",
    "9999-12-31",
    "2023-02-30",
]
SEED_TITLE = "第1回青森県DX推進本部会議"  # fiscal year 2023, body "headquarters"
MEETINGS = reverse("headquarters:meeting-list")
CHARTER = reverse("headquarters:charter-detail", args=[1])
COMPARE = reverse("plan:version-compare", args=["dx-plan"])
STATISTICS = reverse("consultations:statistics")


def get(query: dict[str, str]) -> HttpRequest:
    return RequestFactory().get("/", query)


# The readers themselves: what a bad value turns into.


@pytest.mark.parametrize("value", HOSTILE)
def test_int_param_gives_the_default_for_anything_but_a_bounded_number(value):
    request = get({"year": value})
    year = int_param(request, "year", default=None, minimum=1873, maximum=2199)
    assert year is None


@pytest.mark.parametrize("value", HOSTILE)
def test_date_param_gives_the_default_for_anything_but_a_real_date_in_range(value):
    today = datetime.date(2024, 1, 1)
    assert date_param(get({"on": value}), "on", default=today) == today


def test_the_readers_accept_sensible_values():
    request = get({"year": " 2023\x00", "on": "2023-06-02", "body": "plenary", "q": "DX\x00推進"})
    assert int_param(request, "year", default=None, minimum=1873, maximum=2199) == 2023
    assert date_param(request, "on", default=None) == datetime.date(2023, 6, 2)
    assert choice_param(request, "body", ["plenary"], default="") == "plenary"
    assert choice_param(request, "body", ["headquarters"], default="") == ""
    assert text_param(request, "q") == "DX推進"
    assert text_param(request, "q", max_length=2) == "DX"
    assert text_param(request, "missing", default="既定") == "既定"


def test_strict_readers_are_a_404_for_an_unusable_value_and_the_default_when_absent():
    with pytest.raises(Http404):
        date_param(get({"on": "2023-02-30"}), "on", default=None, strict=True)
    assert date_param(get({}), "on", default="today", strict=True) == "today"


def test_control_characters_are_dropped_but_other_text_is_kept():
    assert without_control_characters("a\x00b\x1fc\x7fd\u0085e\tＡ²") == "abcdeＡ²"


# Public pages and the staff statistics page.


def listed_titles(response) -> list[str]:
    return re.findall(r'">([^<]+)</a></th>', response.content.decode())


@pytest.mark.parametrize("name", ["body", "year"])
def test_the_meeting_list_ignores_a_filter_it_cannot_apply(client, published_seed, name):
    for value in HOSTILE:
        response = client.get(MEETINGS, {name: value})
        assert response.status_code == 200, value
        assert listed_titles(response) == [SEED_TITLE], value
        assert " selected>" not in response.content.decode(), value


def test_the_meeting_list_still_filters_by_body_and_year(client, published_seed):
    steering = Body.objects.get(slug="steering-committee")
    other = Meeting.objects.create(
        body=steering, number=1, title="第1回幹事会", date=datetime.date(2022, 8, 1), place="県庁"
    )
    publish(other)
    assert listed_titles(client.get(MEETINGS, {"year": "2023"})) == [SEED_TITLE]
    assert listed_titles(client.get(MEETINGS, {"year": "2022"})) == ["第1回幹事会"]
    assert listed_titles(client.get(MEETINGS, {"body": "headquarters"})) == [SEED_TITLE]
    page = client.get(MEETINGS, {"body": "steering-committee", "year": "2022"}).content.decode()
    assert re.findall(r'">([^<]+)</a></th>', page) == ["第1回幹事会"]
    assert '<option value="steering-committee" selected>' in page
    assert '<option value="2022" selected>' in page


def test_the_charter_on_an_impossible_day_is_a_404(client, published_seed):
    # Not today's text instead: the page would claim it was in force on the day asked for.
    for value in HOSTILE:
        assert client.get(CHARTER, {"on": value}).status_code == 404, value


def test_the_charter_on_a_real_day_is_shown(client, published_seed):
    assert client.get(CHARTER, {"on": "2023-06-02"}).status_code == 200
    assert client.get(CHARTER, {"on": ""}).status_code == 200


@pytest.mark.parametrize("name", ["from", "to"])
def test_comparing_with_an_impossible_version_is_a_404(client, seed, name):
    for value in HOSTILE:
        query = {"from": "1", "to": "1", name: value}
        assert client.get(COMPARE, query).status_code == 404, value


def test_comparing_two_real_versions_works(client, seed):
    response = client.get(COMPARE, {"from": "1", "to": "1"})
    assert response.status_code == 200
    assert "変更のあった行: 0行" in re.sub(r"\s+", " ", response.content.decode())


def statistics_heading(response) -> str:
    return re.search(r"<h1>(.*?)</h1>", response.content.decode()).group(1)


def test_the_statistics_page_shows_this_year_for_an_unusable_year(editor_client, seed):
    current = fiscal_year(timezone.localdate())
    for value in HOSTILE:
        response = editor_client.get(STATISTICS, {"year": value})
        assert response.status_code == 200, value
        assert statistics_heading(response).startswith(f"相談の統計（{current}年度"), value


def test_the_statistics_page_shows_the_year_asked_for(editor_client, seed):
    response = editor_client.get(STATISTICS, {"year": "2023"})
    assert statistics_heading(response).startswith("相談の統計（2023年度")


# The admin: every list, every parameter it reads.

# What Django's ChangeList does not check itself: NUL (refused by PostgreSQL), and numbers and
# dates too large for datetime. Fewer than above, as every list has many parameters.
ADMIN_HOSTILE = ["a\x00b", str(10**30), "9999-12-31"]
MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def parameters_read_by(client, model, model_admin) -> set[str]:
    """The list's search, ordering, paging, date hierarchy and every parameter of its filters."""
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    names = {"q", "o", "p"}
    for spec in response.context["cl"].filter_specs:
        names.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        names.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return names


def test_every_admin_cleans_its_query_string():
    unguarded = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if not isinstance(model_admin, CleanQueryAdminMixin)
    ]
    assert unguarded == []


@pytest.mark.parametrize(
    ("model", "model_admin"), MODEL_ADMINS, ids=[m._meta.label for m, _ in MODEL_ADMINS]
)
def test_no_admin_list_fails_on_a_hostile_query_string(superuser_client, model, model_admin):
    url = admin_url(model, "changelist")
    for name in sorted(parameters_read_by(superuser_client, model, model_admin)):
        for value in ADMIN_HOSTILE:
            response = superuser_client.get(url, {name: value})
            assert response.status_code < 500, (name, value)
    if model_admin.date_hierarchy:  # the last day a date can have, whole
        field = model_admin.date_hierarchy
        query = {f"{field}__year": "9999", f"{field}__month": "12", f"{field}__day": "31"}
        assert superuser_client.get(url, query).status_code < 500


def test_an_admin_search_with_nul_finds_what_it_would_without(superuser_client, published_seed):
    url = admin_url(Meeting, "changelist")
    response = superuser_client.get(url, {"q": "第1回\x00青森県"})
    assert response.status_code == 200
    assert [str(row) for row in response.context["cl"].result_list] == [
        str(Meeting.objects.get(pk=1))
    ]
    assert response.context["cl"].query == "第1回青森県"


def test_an_admin_list_filter_with_nul_filters_as_without(superuser_client, published_seed):
    url = admin_url(Meeting, "changelist")
    response = superuser_client.get(url, {"body__id__exact": "1\x00"})
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1


AUTOCOMPLETES = [
    (model, field)
    for model, model_admin in MODEL_ADMINS
    for field in model_admin.autocomplete_fields
]


@pytest.mark.parametrize(("model", "field"), AUTOCOMPLETES, ids=lambda v: str(v))
def test_no_autocomplete_fails_on_nul(superuser_client, model, field):
    query = {
        "term": "a\x00b",
        "app_label": model._meta.app_label,
        "model_name": model._meta.model_name,
        "field_name": field,
    }
    assert superuser_client.get(reverse("admin:autocomplete"), query).status_code == 200
