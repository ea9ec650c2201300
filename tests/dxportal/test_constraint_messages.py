"""Every constraint says in plain Japanese what to fix, never its name."""

from __future__ import annotations

import datetime
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from headquarters.meetings.models import Meeting
from plan.comments import CommentPeriod
from plan.models import Version

PROJECT_APPS = ("headquarters", "plan", "consultations", "dxportal")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def project_constraints() -> list:
    return [
        pytest.param(constraint, id=constraint.name)
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        for constraint in model._meta.constraints
    ]


@pytest.mark.parametrize("constraint", project_constraints())
def test_every_constraint_has_its_own_japanese_message(constraint):
    message = str(constraint.violation_error_message)
    assert message != str(constraint.default_violation_error_message)
    assert JAPANESE.search(message) and constraint.name not in message


def test_a_meeting_that_ends_before_it_starts_says_so(seed):
    meeting = Meeting.objects.first()
    meeting.starts_at, meeting.ends_at = datetime.time(15), datetime.time(14)
    with pytest.raises(ValidationError) as raised:
        meeting.full_clean()
    text = " ".join(raised.value.messages)
    assert "終了時刻は開始時刻より後にしてください。" in text
    assert "headquarters_meeting_ends_after_start" not in text


def test_a_comment_period_that_closes_before_it_opens_says_so(seed):
    now = timezone.now()
    period = CommentPeriod(
        version=Version.objects.first(), opens_at=now, closes_at=now - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as raised:
        period.full_clean()
    assert "意見募集の終了日時は開始日時より後にしてください。" in " ".join(raised.value.messages)
