"""Meeting PDFs: cold render, frozen download and bytes per page, against an HTML page.

Run: .venv/bin/python bench/pdf.py [--repeat N]
For the seed meeting's packet and for a packet ten times its size (every material repeated ten
times), it prints seconds and ratios to the meeting's HTML page measured in the same run, so the
figures compare across machines.
"""

from __future__ import annotations

import argparse
import shutil

from common import median_seconds, seeded_database
from django.conf import settings
from django.test import Client

from dxportal.lib import pdf
from headquarters.meetings import editions, packets
from headquarters.meetings.models import Material, Meeting


def grow_packet(meeting: Meeting, times: int) -> None:
    originals = list(meeting.materials.all())
    for copy in range(1, times):
        for material in originals:
            Material.objects.create(
                meeting=meeting,
                order=copy * 100 + material.order,
                label=f"{material.label}-{copy}",
                title=material.title,
                generator=material.generator,
            )


def measure(client: Client, meeting: Meeting, label: str, repeat: int) -> None:
    page = f"/headquarters/meetings/{meeting.pk}/"
    packet = f"/headquarters/meetings/{meeting.pk}/packet.pdf"
    html_seconds = median_seconds(lambda: client.get(page), repeat)

    doc = next(d for d in packets.meeting_documents(meeting) if d.kind == "packet")
    cold = median_seconds(lambda: pdf.render(doc.html, base_url=".", stamps=doc.stamps), 1)
    warm = median_seconds(lambda: b"".join(client.get(packet).streaming_content), repeat)
    data = b"".join(client.get(packet).streaming_content)
    pages = pdf.page_count(data)
    print(
        f"\n[{label}] {meeting.materials.count()} materials, {pages} pages, {len(data) / 1024:.0f} KiB"
    )
    print(f"  HTML meeting page (warm):   {html_seconds * 1000:8.1f} ms   1.0×")
    print(f"  packet, cold render:        {cold * 1000:8.1f} ms   {cold / html_seconds:6.1f}×")
    print(f"  packet, frozen download:    {warm * 1000:8.1f} ms   {warm / html_seconds:6.1f}×")
    print(f"  bytes per page:             {len(data) / pages / 1024:8.1f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with seeded_database():
        client = Client()
        meeting = Meeting.objects.get(pk=1)
        measure(client, meeting, "seed packet (1×)", args.repeat)
        grow_packet(meeting, 10)
        editions.publish_now(meeting=meeting, reason="資料を10倍に")
        measure(client, meeting, "packet ten times the seed (10×)", args.repeat)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
