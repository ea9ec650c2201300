"""Admin forms of the headquarters that judge a post's terms together."""

from __future__ import annotations

from django import forms
from django.forms.models import BaseInlineFormSet

from headquarters.models import Appointment, seats_error


class AppointmentForm(forms.ModelForm):
    """One term on its own: judged against the post's other saved terms."""

    class Meta:
        model = Appointment
        fields = ["post", "person", "kind", "start", "end", "note"]

    def clean(self):
        cleaned = super().clean()
        post = cleaned.get("post")
        if post and cleaned.get("start") and not self.errors:
            term = Appointment(
                post=post, start=cleaned["start"], end=cleaned.get("end"), kind=cleaned.get("kind")
            )
            others = list(post.appointments.exclude(pk=self.instance.pk))
            error = seats_error(post, [*others, term])
            if error:
                raise error
        return cleaned


class AppointmentInlineFormSet(BaseInlineFormSet):
    """All terms of a post as submitted: closing one term and opening the next is one change."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        terms = [
            form.instance
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form) and form.cleaned_data
        ]
        error = seats_error(self.instance, terms)
        if error:
            raise error
