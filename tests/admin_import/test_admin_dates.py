"""Every date field of the admin reads dates as the imports do: 2023/6/2, 令和5年6月2日, R5.6.2.

The admin took 06/02/2023 (Django's American input formats) and refused 2023/6/2; it now shares
the imports' reading (dxportal/lib/japanese_dates.py) and keeps its calendar.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget, AdminSplitDateTime
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from dxportal.lib.japanese_dates import DATE_HINT, JapaneseDateField, JapaneseSplitDateTimeField
from headquarters.models import Appointment, Post
from tests.admin_import.pages import root, texts
from tests.conftest import make_person

pytestmark = pytest.mark.django_db


def date_columns(model) -> list[models.DateField]:
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField) and field.editable and not field.auto_created
    ]


def admins_and_inlines(request):
    for model_admin in admin.site._registry.values():
        yield model_admin
        yield from model_admin.get_inline_instances(request)


def test_every_date_field_of_every_admin_and_inline_reads_japanese_dates(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    checked = set()
    for model_admin in admins_and_inlines(request):
        for column in date_columns(model_admin.model):
            field = model_admin.formfield_for_dbfield(column, request)
            name = f"{type(model_admin).__name__}.{column.name}"
            if isinstance(column, models.DateTimeField):
                assert isinstance(field, JapaneseSplitDateTimeField), name
                assert isinstance(field.widget, AdminSplitDateTime), name
                assert isinstance(field.fields[0], JapaneseDateField), name
            else:
                assert isinstance(field, JapaneseDateField), name
                assert isinstance(field.widget, AdminDateWidget), name  # the calendar stays
            checked.add(name)
    # The rosters' terms, in their own admin and in the post's inline, and a follow-up's time.
    assert {"AppointmentAdmin.start", "AppointmentInline.end"} <= checked
    assert "FollowUpInline.happened_at" in checked


def add_appointment(client, start: str):
    post = Post.objects.get(body__name="幹事会", title="財政課長代理")
    data = {"post": post.pk, "person": make_person().pk, "kind": "regular", "start": start}
    return client.post(
        reverse("admin:headquarters_appointment_add"), data | {"end": "", "note": ""}
    )


@pytest.mark.parametrize("start", ["令和5年6月2日", "2023/6/2", "R5.6.2", "２０２３－０６－０２"])
def test_staff_type_a_date_as_they_write_it(seed, superuser_client, start):
    response = add_appointment(superuser_client, start)

    assert response.status_code == 302, texts(response, ".errorlist li")
    assert Appointment.objects.get().start == datetime.date(2023, 6, 2)


def test_a_month_first_date_is_refused_with_an_example(seed, superuser_client):
    response = add_appointment(superuser_client, "06/02/2023")

    assert response.status_code == 200
    assert texts(response, ".errorlist li") == [
        f"「06/02/2023」は日付として読めません。{DATE_HINT}"
    ]
    assert not Appointment.objects.exists()


def test_the_calendar_still_comes_with_the_date_field(seed, superuser_client):
    page = superuser_client.get(reverse("admin:headquarters_appointment_add"))

    start = root(page).query('input[name="start"]')
    assert "vDateField" in start.etree_element.get("class").split()
    scripts = [s.etree_element.get("src") or "" for s in root(page).query_all("script")]
    assert any(src.endswith("admin/js/admin/DateTimeShortcuts.js") for src in scripts)
