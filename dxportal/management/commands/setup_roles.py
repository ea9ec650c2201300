"""Create or update the staff role groups (safe to run again after every deploy)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from dxportal.roles import ROLES, setup_roles


class Command(BaseCommand):
    help = "職員の役割（事務局・コンシェルジュ・職員）のグループと権限を作成・更新します。"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="変更せず、役割の一覧だけを表示します。"
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        if dry_run:
            for name, permissions in ROLES.items():
                self.stdout.write(f"{name}: 権限 {permissions().count()} 件（予定）")
            return
        with transaction.atomic():
            counts = setup_roles()
        for name, count in counts.items():
            self.stdout.write(f"{name}: 権限 {count} 件")
