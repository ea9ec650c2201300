"""Background work of meetings: rendering an edition, on a queue of its own.

Renders take seconds to minutes; they run on the "pdf" queue so that the desk's mail, on the
default queue, never waits behind them (run one worker per queue; see README).
"""

from __future__ import annotations

from django_tasks import task

from headquarters.meetings import editions
from headquarters.meetings.models import Edition

PDF_QUEUE = "pdf"


@task(queue_name=PDF_QUEUE)
def build_edition_task(edition_id: int) -> str:
    """Render and publish one requested edition; return its status."""
    edition = Edition.objects.select_related("meeting").get(pk=edition_id)
    return editions.build_edition(edition).status
