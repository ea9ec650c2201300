"""A renamed department keeps its old name on the pages of the past."""

from __future__ import annotations

import datetime

from django.urls import reverse

from headquarters.meetings.models import Directive, Meeting
from headquarters.models import Department, DepartmentFormerName


def rename(client, department: Department, name: str, renamed_on: str):
    url = reverse("admin:headquarters_department_change", args=[department.pk])
    data = {
        "name": name,
        "parent": department.parent_id or "",
        "order": department.order,
        "renamed_on": renamed_on,
        "former_names-TOTAL_FORMS": 0,
        "former_names-INITIAL_FORMS": 0,
    }
    return client.post(url, data)


def test_a_rename_in_the_admin_records_the_former_name_by_itself(superuser_client, seed):
    department = Department.objects.get(name="企画政策部")
    response = rename(superuser_client, department, "デジタル政策部", "2026-04-01")
    assert response.status_code == 302, response.content.decode()[:2000]
    former = DepartmentFormerName.objects.get(department=department)
    assert former.name == "企画政策部"
    assert former.used_until == datetime.date(2026, 3, 31)


def test_a_save_without_a_rename_records_nothing(superuser_client, seed):
    department = Department.objects.get(name="企画政策部")
    assert rename(superuser_client, department, "企画政策部", "").status_code == 302
    assert not DepartmentFormerName.objects.exists()


def test_names_as_of_a_day(db):
    parent = Department.objects.create(name="デジタル政策部")
    unit = Department.objects.create(name="DX推進課", parent=parent)
    parent.former_names.create(name="企画政策部", used_until=datetime.date(2026, 3, 31))
    parent.former_names.create(name="企画部", used_until=datetime.date(2019, 3, 31))
    assert unit.full_name_on(datetime.date(2023, 6, 2)) == "企画政策部DX推進課"
    assert unit.full_name_on(datetime.date(2018, 6, 2)) == "企画部DX推進課"
    assert unit.full_name_on(datetime.date(2026, 4, 1)) == "デジタル政策部DX推進課"


def test_a_past_meeting_shows_the_department_as_it_was_called_then(
    client, published_seed, django_assert_max_num_queries
):
    meeting = Meeting.objects.get(pk=1)
    parent = Department.objects.get(name="企画政策部")
    unit = Department.objects.create(name="DX推進課", parent=parent)
    Directive.objects.create(meeting=meeting, text="推進計画を作ること", department=unit)
    parent.name = "デジタル政策部"
    parent.save()
    parent.record_rename("企画政策部", meeting.date + datetime.timedelta(days=30))
    page = client.get(reverse("headquarters:meeting-detail", args=[1])).content.decode()
    assert "担当: 企画政策部DX推進課" in page
    assert "担当: デジタル政策部" not in page  # the contact block names today's section
