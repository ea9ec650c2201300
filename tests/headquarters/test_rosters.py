"""Roster pages, appointments and the admin: the public page follows who holds a post."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from headquarters import services
from headquarters.models import Appointment, Body, Charter, Enactment, Post, seats_error
from tests.conftest import make_appointment, make_person, make_post
from tests.seed_content import TABLE_1, TABLE_2
from tests.text import page_text

pytestmark = pytest.mark.django_db


def roster_url(slug: str) -> str:
    return reverse("headquarters:body-detail", args=[slug])


def test_headquarters_roster_lists_its_posts_in_order(client, seed):
    text = page_text(client.get(roster_url("headquarters")))
    titles = ["本部長", "副本部長", "副知事", *TABLE_1]
    positions = [text.index(f" {title}") for title in titles]
    assert positions == sorted(positions)
    assert "知事をもって充てる" in text
    # A holder the site does not name: what fills the post, quietly marked, never 「未登録」.
    assert re.search(r"知事\s*（氏名未掲載）", text)
    assert "未登録" not in text


def test_steering_committee_roster_lists_chair_and_schedule_2(client, seed):
    text = page_text(client.get(roster_url("steering-committee")))
    positions = [text.index(title) for title in ["会長", *TABLE_2]]
    assert positions == sorted(positions)
    assert "企画政策部DX推進課長をもって充てる" in text


def test_current_holder_and_acting_holder_are_shown(client, seed):
    chief = Post.objects.get(body__slug="headquarters", role=Post.Role.CHIEF)
    make_appointment(chief, make_person("宮下 宗一郎"), start=datetime.date(2023, 6, 29))
    make_appointment(
        chief,
        make_person("代理 花子"),
        start=datetime.date(2024, 1, 1),
        kind=Appointment.Kind.ACTING,
    )
    make_appointment(
        chief,
        make_person("前任 次郎"),
        start=datetime.date(2019, 6, 29),
        end=datetime.date(2023, 6, 28),
    )
    text = page_text(client.get(roster_url("headquarters")))
    assert "宮下 宗一郎" in text
    assert "代理 花子（職務代理）" in text
    assert "前任 次郎" not in text


def test_one_person_may_hold_several_posts(client, seed):
    person = make_person("兼務 一郎")
    make_appointment(Post.objects.get(title="総務部長"), person)
    make_appointment(Post.objects.get(title="財政課長代理"), person)
    assert "兼務 一郎" in page_text(client.get(roster_url("headquarters")))
    assert "兼務 一郎" in page_text(client.get(roster_url("steering-committee")))


def test_admin_changes_a_holder_and_the_public_page_follows(editor_client, seed):
    post = Post.objects.get(title="総務部長")
    old = make_appointment(post, make_person("旧任 三郎"))
    new_person = make_person("新任 四郎")
    url = reverse("admin:headquarters_post_change", args=[post.pk])
    form = {
        "body": post.body_id,
        "title": post.title,
        "role": post.role,
        "department": post.department_id,
        "schedule": post.schedule,
        "order": post.order,
        "ex_officio": post.ex_officio,
        "basis": post.basis_id,
        "seats": post.seats,
        "appointments-TOTAL_FORMS": 2,
        "appointments-INITIAL_FORMS": 1,
        "appointments-0-id": old.pk,
        "appointments-0-post": post.pk,
        "appointments-0-person": old.person_id,
        "appointments-0-kind": "regular",
        "appointments-0-start": "2023-04-01",
        "appointments-0-end": "2024-03-31",
        "appointments-1-post": post.pk,
        "appointments-1-person": new_person.pk,
        "appointments-1-kind": "regular",
        "appointments-1-start": "2024-04-01",
    }
    response = editor_client.post(url, form)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    text = page_text(editor_client.get(roster_url("headquarters")))
    assert "新任 四郎" in text
    assert "旧任 三郎" not in text


def test_overlapping_terms_beyond_the_seats_are_refused_in_japanese(editor_client, seed):
    post = Post.objects.get(title="総務部長")
    make_appointment(post, start=datetime.date(2023, 4, 1))
    url = reverse("admin:headquarters_appointment_add")
    term = {"post": post.pk, "person": make_person("重複 五郎").pk, "start": "2024-04-01"}
    response = editor_client.post(url, {**term, "kind": "regular"})
    assert response.status_code == 200
    assert "2024-04-01時点の在任者が定員（1人）を超えます" in response.content.decode()
    assert post.appointments.count() == 1
    # An acting holder (職務代理) sits beside the regular one.
    response = editor_client.post(url, {**term, "kind": "acting"})
    assert response.status_code == 302
    assert post.appointments.count() == 2


def test_two_seats_allow_two_regular_holders(seed):
    vice_governors = Post.objects.get(title="副知事")
    terms = [
        Appointment(post=vice_governors, start=datetime.date(2023, 4, 1)),
        Appointment(post=vice_governors, start=datetime.date(2023, 6, 1)),
    ]
    assert seats_error(vice_governors, terms) is None
    terms.append(Appointment(post=vice_governors, start=datetime.date(2024, 1, 1)))
    assert seats_error(vice_governors, terms) is not None


def test_a_term_cannot_end_before_it_starts(seed):
    post = Post.objects.get(title="総務部長")
    with pytest.raises(ValidationError, match="退任日"):
        Appointment(
            post=post,
            person=make_person(),
            start=datetime.date(2024, 4, 1),
            end=datetime.date(2024, 3, 31),
        ).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            post=post,
            person=make_person(),
            start=datetime.date(2024, 4, 1),
            end=datetime.date(2024, 3, 31),
        )


def test_a_private_body_has_no_page(client, seed):
    Body.objects.filter(slug="plan-committee").update(is_public=False)
    assert client.get(roster_url("plan-committee")).status_code == 404


def grow_roster(body: Body, start: int, stop: int) -> None:
    """Add posts numbered start..stop-1, each with a holder, to a body."""
    for i in range(start, stop):
        post = make_post(body, f"追加職{body.pk}-{i}", order=1000 + i)
        make_appointment(post, make_person(f"追加 {body.pk}-{i}"))


def queries_for(client, url: str) -> int:
    from django.db import connection

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url_name,args",
    [
        ("home", []),
        ("headquarters:overview", []),
        ("headquarters:body-detail", ["headquarters"]),
        ("headquarters:body-detail", ["steering-committee"]),
        ("headquarters:charter-detail", [1]),
    ],
)
def test_public_pages_keep_a_constant_query_count_as_the_roster_grows(client, seed, url_name, args):
    url = reverse(url_name, args=args)
    bodies = list(Body.objects.filter(slug__in=["headquarters", "steering-committee"]))
    for body in bodies:
        grow_roster(body, 0, 5)
    small = queries_for(client, url)
    for body in bodies:
        grow_roster(body, 5, 50)  # ten times as many added posts and holders
    amendment = Enactment.objects.create(
        charter=Charter.objects.get(), kind=Enactment.Kind.AMENDMENT, effective_on="2024-04-01"
    )
    for post in Post.objects.filter(title__startswith="追加職"):
        post.schedule = Post.Schedule.TABLE_1  # listed, so the charter's 別表 grows too
        services.save_post(post=post, amendment=amendment)
    large = queries_for(client, url)
    assert large == small
