"""A published record stays as published: today's edits reach no published meeting or plan page.

The whole story of the records issue on the seed, as the secretariat would live it: a post is
added to 別表第1 by roster import under a new amendment and a plan section is edited without
publishing; the 第1回 packet, the charter as in force on 2023-06-02 and the public plan page stay
as they were. Publishing a new plan version changes the plan page, and still not the packet; and
a replacement edition of the 第1回 draws everything as of its date again.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from headquarters.models import Meeting
from plan import services
from plan.models import Plan, Section, Version
from tests.conftest import publish
from tests.headquarters.factories import make_amendment
from tests.pdfs import pdftotext
from tests.spreadsheets import (
    CSV,
    admin_import,
    headquarters_rows,
    row_for,
    today,
    write_csv,
)
from tests.text import page_text, squeeze

pytestmark = pytest.mark.django_db

NEW_POST = "デジタル政策統括監"
PACKET = reverse("headquarters:meeting-packet-pdf", args=[1])
CHARTER_ON_THE_DAY = reverse("headquarters:charter-detail", args=[1]) + "?on=2023-06-02"
PLAN = reverse("plan:plan-detail", args=["dx-plan"])
DRAFTED = "令和6年3月の第2回本部会議での了承を経て、令和5年度末までに策定する。"


def packet_text(client) -> str:
    response = client.get(PACKET)
    assert response.status_code == 200
    return squeeze(pdftotext(b"".join(response.streaming_content)))


def test_todays_edits_reach_no_published_record_until_published(
    client, editor_client, published_seed
):
    packet, charter, plan = (
        packet_text(client),
        page_text(client.get(CHARTER_ON_THE_DAY)),
        page_text(client.get(PLAN)),
    )
    # 1. A 別表第1 post added today by roster import, under today's amendment.
    make_amendment(today())
    header, _rows = headquarters_rows(editor_client)
    row = row_for(
        header,
        会議体="青森県DX推進本部",
        職名=NEW_POST,
        役割="本部員",
        別表="別表第1",
        表示順="122",
        改正施行日=today().isoformat(),
    )
    admin_import(editor_client, "post", write_csv([header, row]), "posts.csv", CSV)
    # 2. A plan section edited in the admin, not published.
    section = Section.objects.get(plan__slug="dx-plan", heading="策定時期")
    section.body = DRAFTED
    section.save()

    assert packet_text(client) == packet
    assert page_text(client.get(CHARTER_ON_THE_DAY)) == charter
    assert page_text(client.get(PLAN)) == plan
    assert NEW_POST in page_text(client.get(reverse("headquarters:charter-detail", args=[1])))

    # 3. A new plan version published: the plan page changes, the 第1回 packet does not.
    version = Version.objects.create(
        plan=Plan.objects.get(slug="dx-plan"),
        number=2,
        stage=Plan.Stage.FRAMEWORK,
        title="骨子案",
    )
    services.publish_version(version=version, on=today())
    assert squeeze(DRAFTED) in squeeze(page_text(client.get(PLAN)))
    assert packet_text(client) == packet

    # 4. Even a replacement of the 第1回 draws as of 2023-06-02: no new post, plan version 1.
    publish(Meeting.objects.get(pk=1), reason="体裁の修正")
    replaced = packet_text(client)
    assert NEW_POST not in replaced and squeeze(DRAFTED) not in replaced
    assert replaced == packet
    assert Meeting.objects.get(pk=1).date == datetime.date(2023, 6, 2)
