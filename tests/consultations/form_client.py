"""Filling in the consultation form as a visitor in Aomori does."""

from __future__ import annotations

import re
import time
import uuid
from html.parser import HTMLParser

from django.urls import reverse

from consultations.models import SupportItem
from consultations.views import CONFIRMED, EDIT
from dxportal.lib.antispam import started_token

SLUG = "aomori-dx"


def form_url() -> str:
    return reverse("consultations:consultation-form", args=[SLUG])


def typed(**overrides) -> dict:
    """A valid submission as a person in Aomori types it: full-width digits, hiragana, dashes.

    As sent from the confirmation page (its 送信する button), so posting it saves the request;
    `typed(confirmed=None)` is the first POST, from the form itself, which shows 確認.
    """
    items = list(SupportItem.objects.filter(desk__slug=SLUG).order_by("order"))
    data = {
        "company_name": "株式会社りんごテック",
        "corporate_number": "7000-0120-50002",
        "industry": "E",
        "municipality": "青森市",
        "size": "6-20",
        "postal_code": "０３００８０１",
        "contact_name": "津軽 花子",
        "contact_kana": "つがる はなこ",
        "email": "hanako@example.jp",
        "phone": "０１７ー７３４ー９４１８",
        "preferred_contact": "phone",
        "support_items": [str(items[1].pk), str(items[3].pk)],
        "subject": "受発注のデジタル化について",
        "details": "紙とFAXで受けている注文を\nデジタル化したい。",
        "consent": "on",
        "submission_token": str(uuid.uuid4()),
        "started": started_token(now=time.time() - 10),
        "website": "",
        CONFIRMED: "1",
    }
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def submit(client, data: dict, **extra):
    return client.post(form_url(), data, **extra)


def first_post(data: dict) -> dict:
    """The values as the form itself sends them: no button of the confirmation page."""
    return {name: value for name, value in data.items() if name not in (CONFIRMED, EDIT)}


def to_confirmation(client, data: dict, **extra):
    """POST the form as filled in; a valid one comes back as the confirmation page."""
    return client.post(form_url(), first_post(data), **extra)


class HiddenInputs(HTMLParser):
    """The hidden inputs of a page, in order, with their values as a browser sends them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.pairs: list[tuple[str, str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.pairs.append((attrs["name"], attrs.get("value") or ""))


def hidden_inputs(html: str) -> list[tuple[str, str]]:
    return HiddenInputs(html).pairs


def press(client, page: str, button: str, *, read_for: float = 10, **extra):
    """Press 送信する (CONFIRMED) or 修正する (EDIT) on a confirmation page: its hidden inputs go
    back as they are, but for `started`, set `read_for` seconds back (a person reads the page
    first; 0 keeps the page's own)."""
    data: dict[str, list[str]] = {}
    for name, value in hidden_inputs(page):
        if name == "started" and read_for:
            value = started_token(now=time.time() - read_for)
        data.setdefault(name, []).append(value)
    data[button] = ["1"]
    return client.post(form_url(), data, **extra)


class FormState(HTMLParser):
    """What a browser would send back from the page: values, ticks, selections, classes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.checked: dict[str, set[str]] = {}
        self.options: dict[str, list[str]] = {}
        self.selected: dict[str, list[str]] = {}
        self.classes: dict[str, list[str]] = {}
        self.select: str | None = None
        self.textarea: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag in ("input", "select", "textarea") and name:
            self.classes.setdefault(name, []).append(attrs.get("class") or "")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                ticks = self.checked.setdefault(name, set())
                if "checked" in attrs:
                    ticks.add(attrs.get("value") or "on")
            else:
                self.values[name] = attrs.get("value") or ""
        elif tag == "select":
            self.select = name
            self.options[name] = []
            self.selected[name] = []
        elif tag == "option" and self.select:
            value = attrs.get("value") or ""
            self.options[self.select].append(value)
            if "selected" in attrs:
                self.selected[self.select].append(value)
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # The HTML parser keeps the newline right after <textarea>; browsers drop it.
            self.values[self.textarea] = self.values[self.textarea].removeprefix("\n")
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data

    def is_invalid(self, name: str) -> bool:
        return bool(self.classes.get(name)) and all(
            "is-invalid" in c.split() for c in self.classes[name]
        )


TEXT_FIELDS = [
    "company_name", "corporate_number", "postal_code", "contact_name", "contact_kana", "email",
    "phone", "subject", "details",
]  # fmt: skip


SELECT_FIELDS = ["industry", "municipality", "size"]


def field_error(html: str, name: str) -> str:
    """The text of the invalid-feedback block crispy renders under a field."""
    match = re.search(
        rf'<div id="id_{name}_error" class="invalid-feedback">(.*?)</div>', html, re.DOTALL
    )
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def assert_typed_values_kept(html: str, data: dict, *, except_field: str = "") -> None:
    """Everything typed is back in the form, as typed (not normalised, not lost)."""
    state = FormState(html)
    for name in TEXT_FIELDS:
        if name != except_field:
            assert state.values.get(name) == data[name], name
    for name in SELECT_FIELDS:
        if name != except_field:
            assert state.selected.get(name) == [data[name]], name
    assert state.checked.get("preferred_contact") == {data["preferred_contact"]}
    if except_field != "support_items":
        assert state.checked.get("support_items") == set(data["support_items"])
    if except_field != "consent":
        assert state.checked.get("consent") == {"on"}
    assert state.values.get("submission_token") == data["submission_token"]
    # And visibly so, for the ones a person reads back.
    for name in ("company_name", "email", "subject"):
        if name != except_field:
            assert data[name] in html
