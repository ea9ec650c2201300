"""Choice fields check ids before the database sees them (SQLite overflows past 2**63 - 1)."""

from __future__ import annotations

import pytest
from django import forms

from dxportal.lib.fields import FixedChoiceField, IdChoiceField, IdMultipleChoiceField
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


class PlaceForm(forms.Form):
    place = FixedChoiceField(choices=[("", "選択してください"), ("aomori", "青森市")])


def test_forms_share_fixed_choices_but_not_their_fields_or_widgets():
    first, second = PlaceForm(), PlaceForm()
    assert first.fields["place"].choices is second.fields["place"].choices
    assert first.fields["place"] is not second.fields["place"]
    assert first.fields["place"].widget is not second.fields["place"].widget
    first.fields["place"].widget.attrs["class"] = "wide"  # one form's widget, not the other's
    assert "class" not in second.fields["place"].widget.attrs


def test_a_fixed_choice_field_still_checks_its_choices():
    assert PlaceForm(data={"place": "aomori"}).is_valid()
    form = PlaceForm(data={"place": "hirosaki"})
    assert not form.is_valid() and "place" in form.errors
