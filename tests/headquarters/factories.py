"""Small makers of headquarters rows for tests that need one more than the seed has."""

from __future__ import annotations

import datetime

from headquarters.models import Charter, Enactment


def make_amendment(on: datetime.date = datetime.date(2025, 4, 1)) -> Enactment:
    """A 一部改正 of the seed's charter, for rows that change a 別表 listing."""
    return Enactment.objects.create(
        charter=Charter.objects.get(), kind=Enactment.Kind.AMENDMENT, effective_on=on
    )
