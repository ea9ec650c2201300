"""Pages drawn once per content version with marks each request fills (dxportal/slotted.py)."""

from __future__ import annotations

import pytest
from django.utils.safestring import mark_safe

from dxportal import slotted

SLOTS = slotted.marks("name", "body")


def draw() -> str:
    return f"<h1>{SLOTS['name']}</h1><main>{SLOTS['body']}</main>"


def test_each_request_gets_its_own_values_escaped_unless_marked_safe(db):
    first = slotted.slotted_page("test-page", SLOTS, draw, {"name": "<一>", "body": "本文"})
    second = slotted.slotted_page(
        "test-page", SLOTS, draw, {"name": "二", "body": mark_safe("<p>本文</p>")}
    )
    assert first == "<h1>&lt;一&gt;</h1><main>本文</main>"
    assert second == "<h1>二</h1><main><p>本文</p></main>"


def test_a_value_holding_a_mark_is_shown_as_typed_never_filled_again(db):
    typed = f"{SLOTS['body']} と入力"
    page = slotted.slotted_page("test-page", SLOTS, draw, {"name": typed, "body": "本文"})
    assert page == f"<h1>{SLOTS['body']} と入力</h1><main>本文</main>"


def test_a_page_drawn_with_a_mark_twice_is_refused(db):
    with pytest.raises(ValueError, match="once at most"):
        slotted.slotted_page(
            "test-twice", SLOTS, lambda: SLOTS["name"] * 2, {"name": "x", "body": "y"}
        )
