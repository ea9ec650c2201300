"""Turning bots away without a CAPTCHA: a honeypot field and a minimum time to fill a form.

Both work without JavaScript, so under the strict CSP too. The form carries a signed timestamp of
when it was shown; a submission faster than a person could type, or one that filled the field
people never see, is refused with a plain message rather than an error page.
"""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS

SALT = "dxportal.antispam.form-started"
MINIMUM_SECONDS = 3
MAXIMUM_SECONDS = 60 * 60 * 24


def clock() -> float:
    """The time forms are timed by: the wall clock (browser tests move it on instead of waiting)."""
    return time.time()


def started_token(now: float | None = None) -> str:
    """A signed note of when the form was shown."""
    # Tenths of a second: whole seconds would make a form look up to a second older than it is.
    return signing.dumps(round(now if now is not None else clock(), 1), salt=SALT)


def seconds_since(token: str, now: float | None = None) -> float | None:
    """How long ago the form was shown, or None for a forged or missing token."""
    try:
        started = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(started, int | float):
        return None
    return (now if now is not None else clock()) - started


class HoneypotWidget(forms.TextInput):
    """A text box people never see (hidden by the stylesheet) and screen readers skip."""

    def __init__(self) -> None:
        super().__init__(attrs={"autocomplete": "off", "tabindex": "-1", "class": "honeypot-input"})


class AntispamFormMixin(forms.Form):
    """Adds the honeypot and the timestamp to a form, and refuses submissions that trip them."""

    website = forms.CharField(
        label="この欄には何も入力しないでください", required=False, widget=HoneypotWidget()
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    bot_message = (
        "送信を受け付けられませんでした。入力内容をご確認のうえ、少し時間をおいてから"
        "もう一度送信してください。"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = started_token()
        self.submitted_started = ""
        if self.is_bound:
            # A form shown again (with errors) gets a fresh timestamp, so a slow correction
            # never trips the maximum; the submitted one is what this submission is judged by.
            self.submitted_started = self.data.get("started", "")
            self.data = self.data.copy()
            self.data["started"] = started_token()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(self.bot_message, code="honeypot")
        elapsed = seconds_since(self.submitted_started)
        too_fast = elapsed is None or not MINIMUM_SECONDS <= elapsed <= MAXIMUM_SECONDS
        # A form with field errors saves nothing anyway: show the person those errors, not this.
        if too_fast and not self.errors:
            raise forms.ValidationError(self.bot_message, code="too_fast")
        return cleaned

    def refused_only_for_time(self) -> bool:
        """Every field was fine; the one thing wrong was how long the page had been open."""
        return list(self.errors) == [NON_FIELD_ERRORS] and self.has_error(
            NON_FIELD_ERRORS, "too_fast"
        )
