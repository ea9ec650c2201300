"""Driving the meeting's change form in the admin."""

from __future__ import annotations

from django.urls import reverse

CHANGE = reverse("admin:headquarters_meeting_change", args=[1])


def add_material_row(data: dict, **row) -> dict:
    index = int(data["materials-TOTAL_FORMS"])
    data["materials-TOTAL_FORMS"] = str(index + 1)
    data.update({f"materials-{index}-{name}": value for name, value in row.items()})
    data[f"materials-{index}-meeting"] = "1"
    return data
