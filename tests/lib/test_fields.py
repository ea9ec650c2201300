"""Choice fields check ids before the database sees them (SQLite overflows past 2**63 - 1)."""

from __future__ import annotations

import pytest
from django import forms

from dxportal.lib.fields import IdChoiceField, IdMultipleChoiceField
from headquarters.models import Body

pytestmark = pytest.mark.django_db

HOSTILE = ["9223372036854775808", "-1", "0", "²", "１", "1e3", "1 OR 1=1", "\x00"]


class BodyForm(forms.Form):
    one = IdChoiceField(queryset=Body.objects.all(), required=False)
    many = IdMultipleChoiceField(queryset=Body.objects.all(), required=False)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_id_is_an_invalid_choice_never_an_error(seed, value):
    form = BodyForm(data={"one": value, "many": [value, "1"]})
    assert not form.is_valid()
    assert set(form.errors) == {"one", "many"}


def test_ids_in_range_still_choose_their_rows(seed):
    body = Body.objects.order_by("pk").first()
    form = BodyForm(data={"one": str(body.pk), "many": [str(body.pk)]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == body and list(form.cleaned_data["many"]) == [body]
