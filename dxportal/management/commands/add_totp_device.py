"""Give a staff member a TOTP device and print the address their authenticator app reads."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "職員に二要素認証（TOTP）の端末を登録し、認証アプリに読み込ませるURLを表示します。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--dry-run", action="store_true", help="登録せず、対象を確認します。")

    def handle(self, *args, username: str, dry_run: bool = False, **options) -> None:
        try:
            user = get_user_model().objects.get(username=username, is_staff=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"職員アカウント「{username}」が見つかりません。") from None
        if dry_run:
            self.stdout.write(
                f"{username} に端末を登録します（既存 {TOTPDevice.objects.filter(user=user).count()} 台）。"
            )
            return
        device = TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=True)
        self.stdout.write(
            "認証アプリで次のURLを読み込んでください（QRコードにする場合も同じURLです）:"
        )
        self.stdout.write(device.config_url)
