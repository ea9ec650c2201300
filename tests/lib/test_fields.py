"""Choice fields check ids before the database sees them (SQLite overflows past 2**63 - 1)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.contenttypes.models import ContentType

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


class ByNameForm(forms.Form):
    """Choosers whose values are not ids (a text column): nothing of the id check applies."""

    one = IdChoiceField(queryset=ContentType.objects.all(), to_field_name="model")
    many = IdMultipleChoiceField(queryset=ContentType.objects.all(), to_field_name="model")


def test_choosers_by_a_text_column_take_text():
    form = ByNameForm(data={"one": "body", "many": ["body", "post"]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"].model == "body"
    assert sorted(kind.model for kind in form.cleaned_data["many"]) == ["body", "post"]


def test_a_form_shown_again_draws_no_impossible_id(seed):
    body = Body.objects.order_by("pk").first()
    form = BodyForm(data={"one": "9223372036854775808", "many": [str(body.pk), "-1"]})
    assert not form.is_valid()
    assert form["one"].value() is None
    assert form["many"].value() == [str(body.pk)]
    str(form)  # drawing it looks up only what can be looked up


def test_a_disabled_chooser_shows_its_value_and_an_instance_is_taken_as_it_is(seed):
    body = Body.objects.order_by("pk").first()
    form = BodyForm(data={"one": body, "many": [str(body.pk)]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == body

    form = BodyForm(data={}, initial={"one": body.pk, "many": [body.pk]})
    form.fields["one"].disabled = form.fields["many"].disabled = True
    assert form["one"].value() == body.pk and form["many"].value() == [body.pk]
