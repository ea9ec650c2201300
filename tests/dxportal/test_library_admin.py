"""The libraries' admin pages in Japanese: two-factor devices, sign-in records and background
tasks, as a superuser meets them (lists, a record's page, the add form, an action's message);
and our own models' admin pages under their plain names (no terse 行, 項, 条, 版)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from tests.conftest import PASSWORD
from tests.text import english_words

LOCALE = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES"
# What a page may show in Latin letters is data: the superuser's name, what the records hold (a
# browser's name, addresses, a task's Python path, its queue, arguments and error), never captions.
ALLOWED = ("root", "Mozilla", "admin", "login", "text", "html", "unknown", "default")
ALLOWED += ("args", "kwargs", "consultations", "tasks", "send", "consultation", "mail")
ALLOWED += ("smtplib", "SMTPException")


@pytest.fixture(autouse=True)
def database_tasks(settings):
    """The task records are read as production writes them: by the database backend."""
    backend = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "pdf"]}
    settings.TASKS = {"default": backend}


@pytest.fixture
def superuser(db, client) -> User:
    user = User.objects.create_superuser("root", "root@example.jp", PASSWORD)
    client.force_login(user)
    return user


@pytest.fixture
def records(superuser) -> dict[str, object]:
    """One row of each library's model, as the libraries write them."""
    seen = {"user_agent": "Mozilla/5.0", "ip_address": "192.0.2.1", "username": "root"}
    seen |= {"http_accept": "text/html", "path_info": "/admin/login/"}
    return {
        "device": TOTPDevice.objects.create(user=superuser, name="認証アプリ", confirmed=True),
        "attempt": AccessAttempt.objects.create(failures_since_start=2, **seen),
        "failure": AccessFailureLog.objects.create(**seen),
        "log": AccessLog.objects.create(**seen),
        "task": DBTaskResult.objects.create(
            task_path="consultations.tasks.send_consultation_mail",
            args_kwargs={"args": [1], "kwargs": {}},
            backend_name="default",
            run_after=timezone.now(),
            status="FAILED",
            exception_class_path="smtplib.SMTPException",
            traceback="smtplib.SMTPException",
        ),
    }


def pages(records) -> dict[str, str]:
    device, attempt = records["device"], records["attempt"]
    failure, log, task = records["failure"], records["log"], records["task"]
    return {
        "devices": reverse("admin:dxportal_twofactordevice_changelist"),
        "device": reverse("admin:dxportal_twofactordevice_change", args=[device.pk]),
        "new device": reverse("admin:dxportal_twofactordevice_add"),
        "attempts": reverse("admin:dxportal_signinlockout_changelist"),
        "attempt": reverse("admin:dxportal_signinlockout_change", args=[attempt.pk]),
        "failures": reverse("admin:dxportal_signinfailure_changelist"),
        "failure": reverse("admin:dxportal_signinfailure_change", args=[failure.pk]),
        "logs": reverse("admin:dxportal_signinrecord_changelist"),
        "log": reverse("admin:dxportal_signinrecord_change", args=[log.pk]),
        "tasks": reverse("admin:dxportal_backgroundtask_changelist"),
        "task": reverse("admin:dxportal_backgroundtask_change", args=[task.pk]),
        "accounts": reverse("admin:index"),
    }


@pytest.mark.django_db
def test_every_library_page_is_japanese(client, records):
    english = {}
    task_id = tuple(re.findall(r"[a-f]{2,}", str(records["task"].pk)))  # the record's UUID
    for name, url in pages(records).items():
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        english[name] = english_words(response, allow=ALLOWED + task_id)
    assert english == {name: [] for name in english}


@pytest.mark.django_db
def test_the_device_pages_use_japanese_names_and_hide_the_secret_key(client, records):
    text = client.get(pages(records)["devices"]).content.decode()
    assert "二要素認証の端末" in text and "最後に使った日時" in text
    device_page = client.get(pages(records)["device"]).content.decode()
    assert "確認コードの桁数" in device_page
    assert records["device"].key not in device_page  # a saved device's key is never shown
    assert "秘密鍵（16進数）" in client.get(pages(records)["new device"]).content.decode()


@pytest.mark.django_db
def test_a_task_records_status_and_error_read_in_japanese(client, records):
    text = client.get(pages(records)["tasks"]).content.decode()
    assert "バックグラウンド処理の記録" in text and "失敗" in text
    assert "相談のメール（受付確認・窓口への通知）" in text
    assert "エラーの詳細" in client.get(pages(records)["task"]).content.decode()


@pytest.mark.django_db
def test_clearing_expired_lock_outs_says_so_in_japanese(client, records):
    response = client.post(
        pages(records)["attempts"],
        {"action": "cleanup_expired_attempts", "_selected_action": [records["attempt"].pk]},
        follow=True,
    )
    assert "期限の過ぎたログイン失敗の記録を 0 件削除しました。" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("admin:plan_track_changelist", "年度スケジュールの行"),
        ("admin:plan_version_changelist", "プランの公表版"),
        ("admin:headquarters_article_changelist", "要綱の条"),
        ("admin:headquarters_paragraph_changelist", "要綱の項"),
    ],
)
def test_our_models_pages_say_what_a_row_is(client, superuser, url_name, title):
    heading = re.search(r"<h1>(.*?)</h1>", client.get(reverse(url_name)).content.decode())
    assert title in heading.group(1)


def po_entries(path: Path) -> dict[tuple[str, str], str]:
    """(context, msgid) → msgstr of a .po file written one line per field, as ours is."""
    entries, fields = {}, {}
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        match = re.match(r'(msgctxt|msgid|msgstr) "(.*)"$', line)
        if match:
            fields[match.group(1)] = match.group(2).replace('\\"', '"')
        elif not line.strip() and fields.get("msgid"):
            entries[(fields.get("msgctxt", ""), fields["msgid"])] = fields["msgstr"]
            fields = {}
        elif not line.strip():
            fields = {}
    return entries


def test_the_compiled_translations_match_the_po_file():
    """django.mo is committed: it must say what django.po says (run msgfmt after editing)."""
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    entries = po_entries(LOCALE / "django.po")
    assert len(entries) > 40
    for (context, msgid), msgstr in entries.items():
        translated = catalog.pgettext(context, msgid) if context else catalog.gettext(msgid)
        assert translated == msgstr, msgid
