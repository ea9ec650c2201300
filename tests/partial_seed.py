"""Rows of the seed one at a time, with the rows they refer to: for tests whose subject is not
the whole seed (the desk, say) and that should not pay for, or depend on, all of it."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import models

FIXTURES = ["headquarters.json", "plan.json", "consultations.json", "meetings.json"]


def seed_objects() -> dict[tuple[str, int], serializers.base.DeserializedObject]:
    """Every object of the seed by (model label, primary key)."""
    objects = {}
    for name in FIXTURES:
        path = Path(settings.BASE_DIR) / "fixtures" / name
        with path.open(encoding="utf-8") as fixture:
            for item in serializers.deserialize("json", fixture):
                objects[(item.object._meta.label_lower, item.object.pk)] = item
    return objects


def load(objects: dict, wanted: list[tuple[str, int]]) -> None:
    """Save the wanted seed rows and, first, every row they refer to (foreign keys)."""
    saved: set[tuple[str, int]] = set()

    def save(key: tuple[str, int]) -> None:
        if key in saved:
            return
        saved.add(key)
        item = objects[key]
        for field in item.object._meta.concrete_fields:
            if isinstance(field, models.ForeignKey | models.OneToOneField):
                target = getattr(item.object, field.attname)
                if target is not None:
                    save((field.related_model._meta.label_lower, target))
        item.save()

    for key in wanted:
        save(key)


def load_desk() -> None:
    """The 総合窓口 as the seed has it: the desk, its support menu and the body it belongs to."""
    objects = seed_objects()
    desk_models = ("consultations.desk", "consultations.supportitem")
    load(objects, [key for key in objects if key[0] in desk_models])
