"""Admin search finds Japanese text in any written form, and objects link to their public page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultations.models import Consultation
from dxportal.lib.japanese_search import search_variants
from headquarters.meetings.models import Meeting
from headquarters.models import Body, Person
from tests.conftest import make_person
from tests.consultations.factories import make_consultation


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ＤＸ", "DX"),
        ("DX", "ＤＸ"),
        ("第２回", "第2回"),
        ("ｱｵﾓﾘ", "アオモリ"),
        ("ｱｵﾓﾘ", "あおもり"),
        ("アオモリ", "あおもり"),
        ("あおもり", "アオモリ"),
    ],
)
def test_a_term_is_tried_in_each_of_its_written_forms(typed, expected):
    variants = search_variants(typed)
    assert variants[0] == typed and expected in variants
    assert len(variants) == len(set(variants))


def listed(client, url: str, term: str) -> str:
    response = client.get(url, {"q": term})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("term", ["アオモリ", "ｱｵﾓﾘ", "あおもり"])
def test_people_are_found_by_furigana_in_katakana_hiragana_or_half_width(superuser_client, term):
    make_person("青森 太郎", "あおもり たろう")
    page = listed(superuser_client, reverse("admin:headquarters_person_changelist"), term)
    assert "青森 太郎" in page


@pytest.mark.parametrize("term", ["第2回", "第２回"])
def test_meetings_are_found_whatever_the_width_of_the_digits(superuser_client, seed, term):
    Meeting.objects.filter(pk=1).update(title="第2回青森県DX推進本部会議")
    page = listed(superuser_client, reverse("admin:headquarters_meeting_changelist"), term)
    assert "第2回青森県DX推進本部会議" in page


@pytest.mark.parametrize("term", ["DX", "ＤＸ"])
def test_posts_are_found_whatever_the_width_of_the_letters(superuser_client, seed, term):
    body = Body.objects.first()
    body.posts.create(title="ＤＸ推進監", order=99)
    page = listed(superuser_client, reverse("admin:headquarters_post_changelist"), term)
    assert "ＤＸ推進監" in page


@pytest.mark.parametrize("term", ["ＤＸ工房", "DX工房", "ﾃﾞｨｰｴｯｸｽ"])
def test_consultations_are_found_whatever_the_form_typed(superuser_client, desk, term):
    make_consultation(company_name="DX工房", contact_kana="ディーエックス")
    Consultation.objects.update(subject="ＤＸ工房の相談")
    url = reverse("admin:consultations_consultation_changelist")
    assert "DX工房" in listed(superuser_client, url, term)


def test_objects_with_a_public_page_link_to_it_and_hidden_ones_do_not(
    superuser_client, published_seed
):
    body = Body.objects.filter(is_public=True).first()
    page = superuser_client.get(reverse("admin:headquarters_body_change", args=[body.pk]))
    public = reverse("headquarters:body-detail", args=[body.slug])
    assert public in page.content.decode()

    meeting = Meeting.objects.get(pk=1)  # published by the fixture
    page = superuser_client.get(reverse("admin:headquarters_meeting_change", args=[meeting.pk]))
    assert reverse("headquarters:meeting-detail", args=[1]) in page.content.decode()

    Body.objects.filter(pk=body.pk).update(is_public=False)
    page = superuser_client.get(reverse("admin:headquarters_body_change", args=[body.pk]))
    assert public not in page.content.decode()


def test_a_request_is_assigned_among_the_concierges_by_name(
    superuser_client, desk, concierge, official, secretariat_editor
):
    concierge.last_name, concierge.first_name = "八戸", "花子"
    concierge.save()
    consultation = make_consultation()
    page = superuser_client.get(
        reverse("admin:consultations_consultation_change", args=[consultation.pk])
    ).content.decode()
    select = page[
        page.index('name="assignee"') : page.index("</select>", page.index('name="assignee"'))
    ]
    assert "八戸 花子" in select
    assert "official" not in select and "secretariat" not in select and "root" not in select


def test_a_former_concierge_stays_the_assignee_of_their_requests(superuser_client, desk, official):
    consultation = make_consultation()
    Consultation.objects.filter(pk=consultation.pk).update(assignee=official)
    page = superuser_client.get(
        reverse("admin:consultations_consultation_change", args=[consultation.pk])
    ).content.decode()
    select = page[
        page.index('name="assignee"') : page.index("</select>", page.index('name="assignee"'))
    ]
    assert f'value="{official.pk}" selected' in select


def test_the_same_person_is_not_created_twice_without_a_word(superuser_client, db):
    make_person("青森 太郎", "あおもり たろう")
    url = reverse("admin:headquarters_person_add")
    response = superuser_client.post(url, {"name": "青森　太郎", "name_kana": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "同じ氏名の人物がすでに登録されています（青森 太郎（あおもり たろう））" in page
    assert Person.objects.count() == 1

    inlines = {
        f"{formset.formset.prefix}-{name}": value
        for formset in response.context["inline_admin_formsets"]
        for name, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
    }
    response = superuser_client.post(
        url, {"name": "青森　太郎", "name_kana": "", "different_person": "on", **inlines}
    )
    assert response.status_code == 302
    assert Person.objects.count() == 2
