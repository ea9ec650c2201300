"""Form fields that check what a visitor sent before any of it reaches the database."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from dxportal.lib.params import parse_int

# Primary keys are 64-bit integers in every database the portal runs on.
LARGEST_ID = 2**63 - 1


def checked_ids(values, error: ValidationError) -> list[str]:
    """The values as decimal ids in range, or the field's own 'invalid choice' error."""
    for value in values:
        if parse_int(str(value), minimum=1, maximum=LARGEST_ID) is None:
            raise error
    return [str(value) for value in values]


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose value is an id in range before it is looked up."""

    def to_python(self, value):
        if value not in self.empty_values:
            checked_ids(
                [value], ValidationError(self.error_messages["invalid_choice"], "invalid_choice")
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose values are ids in range before they are looked up."""

    def _check_values(self, value):
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
