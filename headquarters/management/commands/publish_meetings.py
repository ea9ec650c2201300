"""Publish the first edition of every meeting marked public that has none (the seed's 第1回)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from headquarters.meetings import editions
from headquarters.meetings.models import Edition, Meeting


class Command(BaseCommand):
    help = (
        "公開に指定されていて公開版のない会議について、第1版を作成して公開します。"
        "（会議の日付時点の内容で資料を作成します）"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="公開せずに、対象の会議を表示します。"
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        waiting = Meeting.objects.filter(is_public=True).exclude(
            editions__status__in=[Edition.Status.PUBLISHED, Edition.Status.RENDERING]
        )
        published = failed = 0
        for meeting in waiting.order_by("date", "pk"):
            self.stdout.write(f"{meeting.title}（{meeting.date:%Y-%m-%d}）")
            if dry_run:
                continue
            edition = editions.publish_now(meeting=meeting)
            if edition.status == Edition.Status.PUBLISHED:
                published += 1
            else:
                failed += 1
                self.stderr.write(f"  作成できませんでした: {edition.error}")
        verb = "公開予定" if dry_run else "公開"
        self.stdout.write(
            f"会議: {verb} {waiting.count() if dry_run else published} 件、失敗 {failed} 件"
        )
