"""Remove the names and e-mails of public comments once their period is long closed."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from plan.models import Comment


class Command(BaseCommand):
    help = (
        "募集終了から保存期間（COMMENT_RETENTION_DAYS）を過ぎた意見の、お名前とメールアドレスを"
        "削除します。意見の本文、意見の概要と県の考え方は残します。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="削除せず、対象の件数だけを表示します。"
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        days = settings.COMMENT_RETENTION_DAYS
        cutoff = timezone.now() - datetime.timedelta(days=days)
        with transaction.atomic():
            old = Comment.objects.past_retention(cutoff)
            count = old.count() if dry_run else old.forget_senders()
        verb = "削除の対象" if dry_run else "お名前とメールアドレスを削除しました"
        self.stdout.write(f"{verb}: {count} 件（募集終了から{days}日を過ぎた意見）")
