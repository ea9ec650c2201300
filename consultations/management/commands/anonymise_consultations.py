"""Remove the personal data of consultations older than the retention period."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from consultations.services import anonymise_old_consultations


class Command(BaseCommand):
    help = "保存期間（CONSULTATION_RETENTION_DAYS）を過ぎた相談の個人情報を削除します。"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="削除せず、対象の件数だけを表示します。"
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        days = settings.CONSULTATION_RETENTION_DAYS
        cutoff = timezone.now() - datetime.timedelta(days=days)
        count = anonymise_old_consultations(older_than=cutoff, dry_run=dry_run)
        verb = "匿名化の対象" if dry_run else "匿名化しました"
        self.stdout.write(f"{verb}: {count} 件（{days}日より前に受け付けた相談）")
