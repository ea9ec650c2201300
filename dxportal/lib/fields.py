"""Form fields that check what a visitor sent before any of it reaches the database."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from dxportal.lib.params import parse_int

# Primary keys are 64-bit integers in every database the portal runs on.
LARGEST_ID = 2**63 - 1


def is_id(value) -> bool:
    return parse_int(str(value), minimum=1, maximum=LARGEST_ID) is not None


def ids_in(values) -> list:
    """The values that are ids in range, in their order (the rest left out)."""
    return [value for value in values if is_id(value)]


def checked_ids(values, error: ValidationError) -> list[str]:
    """The values as decimal ids in range, or the field's own 'invalid choice' error."""
    for value in values:
        if not is_id(value):
            raise error
    return [str(value) for value in values]


def is_integer_column(column: models.Field) -> bool:
    while column.is_relation:  # a key that is another table's key
        column = column.target_field
    return isinstance(column, models.IntegerField)


def has_integer_ids(model: type[models.Model]) -> bool:
    return is_integer_column(model._meta.pk)


def chooses_by_integer(field: forms.ModelChoiceField) -> bool:
    """Whether the field's values are integer columns (an id), the only ones checked here."""
    meta = field.queryset.model._meta
    return is_integer_column(
        meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    )


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose value is an id in range before it is looked up, and before the
    form shown again with its error draws it (the admin's autocomplete looks the value up)."""

    def to_python(self, value):
        sent = value not in self.empty_values and not isinstance(value, self.queryset.model)
        if sent and chooses_by_integer(self):
            checked_ids(
                [value], ValidationError(self.error_messages["invalid_choice"], "invalid_choice")
            )
        return super().to_python(value)

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)  # a disabled field shows its initial value
        if self.disabled or data in self.empty_values or not chooses_by_integer(self):
            return data
        return data if is_id(data) else None


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose values are ids in range before they are looked up, and
    before the form shown again with its error draws them."""

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)  # a disabled field shows its initial value
        if self.disabled or not isinstance(data, list | tuple) or not chooses_by_integer(self):
            return data
        return ids_in(data)

    def _check_values(self, value):
        if not chooses_by_integer(self):
            return super()._check_values(value)
        error = ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "…"}
        )
        try:
            values = list(value)
        except TypeError:
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        return super()._check_values(checked_ids(values, error))


class FixedChoiceField(forms.ChoiceField):
    """A ChoiceField whose choices are the same for every form: each form shares them.

    Django deep-copies every field of a form for each new form, and a ChoiceField's deep copy
    copies its choices too, label by label (translatable labels are proxies, slow to copy). For a
    list of 40 municipalities that is most of what making the form costs, on every request that
    shows or checks it. These choices are set once in the class and never changed per form, so
    the copy keeps the same list; the widget still gets its own copy, as Django makes it.
    """

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)
