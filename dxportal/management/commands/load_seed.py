"""Load the seed content of fixtures/ without touching rows that are already there."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.core.management.color import no_style
from django.db import connection, transaction

# In dependency order: later fixtures may refer to rows of earlier ones. site.json names who
# answers for each part of the site (sections of headquarters.json, the desk of
# consultations.json); accessibility.json holds the accessibility test run that
# `record_accessibility_results --export` wrote from this seed.
SEED_FIXTURES = [
    "headquarters.json",
    "plan.json",
    "consultations.json",
    "meetings.json",
    "site.json",
    "accessibility.json",
]


class Command(BaseCommand):
    help = (
        "fixtures/ のシード内容を読み込みます。既にある行は変更しません（何度実行しても同じ結果）。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="読み込まずに件数だけを表示します。"
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        added = kept = 0
        models = set()
        with transaction.atomic():
            for name in SEED_FIXTURES:
                path = Path(settings.BASE_DIR) / "fixtures" / name
                with path.open(encoding="utf-8") as fixture:
                    for deserialized in serializers.deserialize("json", fixture):
                        model = type(deserialized.object)
                        models.add(model)
                        if model._default_manager.filter(pk=deserialized.object.pk).exists():
                            kept += 1
                            continue
                        added += 1
                        if not dry_run:
                            deserialized.save()
            if not dry_run and added:
                self.reset_sequences(models)
        verb = "追加予定" if dry_run else "追加"
        self.stdout.write(f"シード内容: {verb} {added} 件、既存のため変更なし {kept} 件")

    def reset_sequences(self, models) -> None:
        """Move PostgreSQL's id sequences past the fixture's explicit primary keys."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(models))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
