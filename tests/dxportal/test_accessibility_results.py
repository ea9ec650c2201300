"""The 試験結果 come from the project's own checks: record_accessibility_results runs axe-core
and the Nu Html Checker over the pages on a live server and stores what they found; the seed
carries such a run (fixtures/accessibility.json) so `make run` shows real results."""

from __future__ import annotations

import io

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.urls import resolve

from dxportal.breadcrumbs import path_name
from dxportal.management.commands.record_accessibility_results import AXE, NU, run_nu
from dxportal.models import AccessibilityResult, AccessibilityTestRun
from dxportal.pdf_accessibility import TOOL as PDFUA

VALID = '<!DOCTYPE html><html lang="ja"><head><title>x</title></head><body><p>x</p></body></html>'
BROKEN = '<!DOCTYPE html><html lang="ja"><head><title>x</title></head><body><p><div></p>'


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_command_tests_pages_on_a_live_server_and_stores_and_exports_the_run(
    published_seed, tmp_path
):
    seeded = list(AccessibilityTestRun.objects.values_list("pk", flat=True))
    out = io.StringIO()
    fixture = tmp_path / "accessibility.json"
    call_command(
        "record_accessibility_results",
        "--path=/privacy/",
        "--path=/headquarters/meetings/1/",
        f"--export={fixture}",
        stdout=out,
    )
    assert "試験したページ: 2 件、PDF: 5 件、問題が検出されたページ・PDF: 0 件" in out.getvalue()
    run = AccessibilityTestRun.objects.exclude(pk__in=seeded).get()
    assert run.browser.startswith("Chromium ")
    web = {(r.path, r.tool): r for r in run.results.filter(kind=AccessibilityResult.Kind.WEB)}
    meeting = "/headquarters/meetings/1/"
    assert set(web) == {("/privacy/", AXE), ("/privacy/", NU), (meeting, AXE), (meeting, NU)}
    assert web[("/privacy/", AXE)].title == "個人情報の取扱い"
    assert web[("/privacy/", AXE)].tool_version.startswith("4.")
    assert web[("/privacy/", NU)].tool_version[:2].isdigit()
    pdfs = list(run.results.filter(kind=AccessibilityResult.Kind.PDF))
    assert {r.tool for r in pdfs} == {PDFUA}
    assert f"{meeting}packet.pdf" in {r.path for r in pdfs}
    titles = {r.path: r.title for r in pdfs}
    assert titles[f"{meeting}packet.pdf"] == "第1回青森県DX推進本部会議_会議資料"
    assert all(r.problems == 0 for r in run.results.all())

    rows = [item.object for item in serializers.deserialize("json", fixture.read_text("utf-8"))]
    assert rows[0] == run and len(rows) == 1 + 4 + 5


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote
def test_the_command_refuses_a_page_that_does_not_answer(published_seed):
    with pytest.raises(CommandError, match="/no-such-page/"):
        call_command("record_accessibility_results", "--path=/no-such-page/", "--dry-run")


def test_the_nu_check_counts_what_the_checker_finds():
    found = run_nu({"/ok/": VALID, "/broken/": BROKEN}, {"/ok/": "良", "/broken/": "壊"})
    by_path = {check.path: check for check in found}
    assert by_path["/ok/"].problems == 0
    assert by_path["/broken/"].problems >= 1
    assert "line " in by_path["/broken/"].details
    assert {check.tool for check in found} == {NU}


@pytest.mark.django_db
def test_the_seed_carries_a_recorded_run_of_every_page_and_pdf(client, published_seed):
    run = AccessibilityTestRun.objects.get()
    results = list(run.results.filter(kind=AccessibilityResult.Kind.WEB))
    pdfs = list(run.results.filter(kind=AccessibilityResult.Kind.PDF))
    assert {r.tool for r in pdfs} == {PDFUA}
    assert "/headquarters/meetings/1/packet.pdf" in {r.path for r in pdfs}
    assert all(r.problems == 0 for r in pdfs)
    paths = {result.path for result in results}
    assert {"/", "/privacy/", "/accessibility/", "/sitemap/", "/news/"} <= paths
    for path in paths:
        assert path_name(path), f"{path} is no named public page"
        assert resolve(path)
        assert {r.tool for r in results if r.path == path} == {AXE, NU}
    page = client.get("/accessibility/").content.decode()
    assert f"試験した{len(paths)}ページ" in page
