"""Send the consultation mails that failed or never went (run it from cron every few minutes)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Q

from consultations.models import Consultation
from consultations.services import send_consultation_mail

MAX_FAILURES = 20


class Command(BaseCommand):
    help = "送信に失敗した、またはまだ送っていない相談のメールを送り直します。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="送らずに件数だけを表示します。")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        pending = Consultation.objects.filter(
            Q(requester_mailed_at__isnull=True) | Q(desk_notified_at__isnull=True),
            anonymised_at__isnull=True,
            mail_failures__lt=MAX_FAILURES,
        ).order_by("submitted_at")
        ids = list(pending.values_list("pk", flat=True))
        if dry_run:
            self.stdout.write(f"送信待ち: {len(ids)} 件")
            return
        sent = sum(send_consultation_mail(pk) for pk in ids)
        self.stdout.write(f"送信待ち {len(ids)} 件のうち {sent} 件を送信しました。")
