"""Pages that differ between visitors in a few values only, drawn once per content version.

The blank consultation form and its receipt are the same for everyone but for a token, a number
or a date; the confirmation page's frame is the same around what each visitor typed. Such a page
is drawn with a mark in place of each of those values and kept for the content version
(dxportal/versioned.py); each request then puts its own values into the marks, in one pass, so a
value that happens to hold a mark (a visitor may type anything) is never filled in again.
Drawing the page (crispy-forms, the site's header, breadcrumbs and footer) costs more than the
rest of the request, so this keeps these pages nearly as cheap as a cached one, without ever
storing what belongs to one visitor.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.html import conditional_escape

from dxportal.versioned import versioned

# What makes a mark: plain ASCII that staff text (escaped) and the page's own words never hold.
MARK_SUFFIX = "-slot-7c1e0b"


def marks(*names: str) -> dict[str, str]:
    """The mark of each slot, for `draw` to put in the page where the value goes."""
    return {name: f"{name}{MARK_SUFFIX}" for name in names}


def drawn(page: str, slots: dict[str, str]) -> str:
    """The page as drawn, checked: no slot's mark is in it twice. (A slot may be left out: the
    receipt shows either the date of the first response or the way to be contacted.)"""
    for mark in slots.values():
        if page.count(mark) > 1:
            raise ValueError(f"the page may hold {mark!r} once at most")
    return page


def slotted_page(
    name: str, slots: dict[str, str], draw: Callable[[], str], values: dict[str, str]
) -> str:
    """The page called `name` for the current content version, drawn by `draw` (which puts each
    of `slots`' marks in it) when this version has none yet, with this request's `values` (by
    slot name) in place of the marks: escaped here, unless marked safe (HTML the request drew
    from a template)."""
    page = versioned(name, lambda: drawn(draw(), slots))
    filled = {mark: conditional_escape(values[slot]) for slot, mark in slots.items()}
    any_mark = re.compile("|".join(re.escape(mark) for mark in filled))
    return any_mark.sub(lambda found: filled[found.group()], page)
