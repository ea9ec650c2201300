"""Workflows of the headquarters that span several rows: amending the charter."""

from __future__ import annotations

from django.db import transaction

from headquarters.models import Article


@transaction.atomic
def supersede_earlier_versions(article: Article) -> int:
    """Close the versions of the same article that the new version replaces; return how many.

    The earlier versions stop being in force on the day the amendment takes effect.
    """
    effective_on = article.introduced_by.effective_on
    return (
        Article.objects.filter(
            charter_id=article.charter_id,
            number=article.number,
            introduced_by__effective_on__lt=effective_on,
            repealed_on__isnull=True,
        )
        .exclude(pk=article.pk)
        .update(repealed_on=effective_on)
    )
