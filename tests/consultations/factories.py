"""Makers of consultation data for tests."""

from __future__ import annotations

import uuid

from consultations import services
from consultations.models import Consultation, Desk, SupportItem


def request_data(**overrides) -> dict:
    """The cleaned data of a valid consultation form."""
    data = {
        "company_name": "株式会社りんごテック",
        "corporate_number": "7000012050002",
        "industry": "E",
        "municipality": "弘前市",
        "size": "6-20",
        "postal_code": "036-8001",
        "contact_name": "津軽 太郎",
        "contact_kana": "ツガル タロウ",
        "email": "taro@example.jp",
        "phone": "0172-00-0000",
        "preferred_contact": "email",
        "subject": "受発注のデジタル化について",
        "details": "紙とFAXで受けている注文をデジタル化したい。",
        "support_items": list(SupportItem.objects.order_by("order")[:2]),
        "submission_token": uuid.uuid4(),
    }
    data.update(overrides)
    return data


def make_consultation(**overrides) -> Consultation:
    consultation, _created = services.submit_consultation(
        desk=Desk.objects.get(slug="aomori-dx"), data=request_data(**overrides)
    )
    return consultation
