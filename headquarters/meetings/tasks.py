"""Background work of the headquarters: rendering meeting PDFs before anyone asks for them."""

from __future__ import annotations

from django_tasks import task

from headquarters.meetings import packets
from headquarters.meetings.models import Meeting


@task()
def render_meeting_pdfs(meeting_id: int) -> int:
    """Render the packet, the 次第 and every public material of a meeting; return how many."""
    meeting = Meeting.objects.get(pk=meeting_id)
    parts = packets.public_parts(meeting)
    documents = [packets.packet_document(meeting, parts), packets.agenda_document(meeting)]
    documents += [packets.material_document(part.material, part) for part in parts]
    for document in documents:
        packets.rendered(document)
    return len(documents)
