"""The plan body as HTML: the draft drawn from the live content, or a version's frozen copy.

Staff edit the live content rows; only publishing a version copies the body the public sees
(plan/services.py). The public plan page and the meeting materials show a version's copy, the
admin's preview shows the draft.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from plan.models import Plan, Version
from plan.selectors import plan_context

BODY_TEMPLATE = "plan/plan_body.html"


def draft_body(plan: Plan) -> SafeString:
    """The body as the public page would show it if the live content were published now."""
    html = render_to_string(BODY_TEMPLATE, plan_context(plan))
    # The template's tags leave blank lines behind; a version keeps its body without them.
    return SafeString("\n".join(line for line in html.splitlines() if line.strip()))


def version_body(version: Version) -> SafeString:
    """The body frozen when the version was published.

    Versions published before bodies were frozen have only their text snapshot, which is shown
    instead: it is what they said, and the live content may have changed since.
    """
    if version.frozen_body:
        # Rendered by our own templates, with every value escaped when it was frozen.
        return SafeString(version.frozen_body)
    return SafeString(render_to_string("plan/snapshot_body.html", {"snapshot": version.snapshot}))
