"""The import and export pages work under the site's CSP and speak only Japanese.

The CSP refuses inline scripts, style attributes and event handlers: on the library's pages that
broke 「Select all」 and the preview's colours. Every page is read from its HTML: what it would run
inline, and every Latin word a reader meets (file formats and codes aside).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.admin_import.pages import (
    CSV,
    inline_code,
    latin_words,
    root,
    texts,
    upload,
    visible_text,
)
from tests.conftest import make_user
from tests.spreadsheets import headquarters_rows, write_csv

pytestmark = pytest.mark.django_db

# What the library's pages said in English (untranslated in its Japanese catalogue).
ENGLISH = [
    "Some rows", "Row", "NON FIELD", "Non field", "Select all", "Import", "Export", "Submit",
    "Errors", "Line number", "Preview", "Resource", "Format", "File to import", "This exporter",
    "This importer", "Skipped", "New", "Update", "Traceback", "through import_export",
]  # fmt: skip
PAGES = {
    "headquarters_post": ["import", "export"],
    "headquarters_appointment": ["import", "export"],
    "plan_kpivalue": ["import", "export"],
    "consultations_consultation": ["export"],
}


@pytest.fixture
def superuser_pages(superuser_client, seed):
    return superuser_client


def assert_japanese_under_the_csp(response) -> None:
    assert response.status_code == 200
    assert inline_code(response) == []
    assert latin_words(response) == set(), visible_text(response)
    text = visible_text(response)
    assert [word for word in ENGLISH if word in text] == []


@pytest.mark.parametrize(
    ("admin", "page"), [(admin, page) for admin, pages in PAGES.items() for page in pages]
)
def test_every_import_and_export_page_is_japanese_and_runs_nothing_inline(
    superuser_pages, admin, page
):
    response = superuser_pages.get(reverse(f"admin:{admin}_{page}"))
    assert_japanese_under_the_csp(response)
    assert "インポート" in visible_text(response) or "エクスポート" in visible_text(response)


def test_the_import_page_with_errors_is_japanese_and_runs_nothing_inline(seed, editor_client):
    header, rows = headquarters_rows(editor_client)
    rows[0][3] = "社長"
    page = upload(editor_client, "headquarters_post", write_csv([header, rows[0]]), "p.csv", CSV)
    assert texts(page, "ul.import-problem-list > li")
    assert_japanese_under_the_csp(page)


def test_the_preview_is_japanese_and_colours_by_class(seed, editor_client):
    header, rows = headquarters_rows(editor_client)
    rows[1][7] = "別の充て職"
    page = upload(editor_client, "headquarters_post", write_csv([header, *rows]), "p.csv", CSV)
    assert texts(page, "td.cell-changed")
    assert_japanese_under_the_csp(page)
    stylesheets = [link.etree_element.get("href") for link in root(page).query_all("link")]
    assert "/static/css/admin-import.css" in stylesheets
    css = (Path(settings.BASE_DIR) / "static/css/admin-import.css").read_text()
    for rule in ("tr.row-new", "td.cell-changed", "ins.diff-added", "del.diff-removed"):
        assert rule in css


def test_the_export_page_names_columns_in_japanese_and_wires_select_all_from_a_file(
    superuser_pages,
):
    page = superuser_pages.get(reverse("admin:consultations_consultation_export"))

    labels = texts(page, ".selectable-field-export-row label")
    assert labels[:3] == ["受付番号", "受付日時", "状況"]
    assert labels[-2:] == ["終了日時", "対応記録"]
    toggle = root(page).query("#select-all-columns")
    assert toggle is not None and toggle.etree_element.get("type") == "checkbox"
    assert texts(page, 'label[for="select-all-columns"]') == ["すべて選択"]
    scripts = [s.etree_element.get("src") for s in root(page).query_all("script")]
    assert "/static/js/admin-export.js" in scripts
    script = (Path(settings.BASE_DIR) / "static/js/admin-export.js").read_text()
    assert 'getElementById("select-all-columns")' in script
    assert texts(page, "#id_format option") == ["---", "CSV", "XLSX"]


def test_choosing_no_column_is_refused_in_japanese(superuser_pages):
    url = reverse("admin:consultations_consultation_export")
    page = superuser_pages.post(url, {"resource": "0", "format": str(CSV)})
    assert page.status_code == 200
    assert texts(page, ".errorlist li") == ["書き出す列を1つ以上選んでください。"]


def test_an_official_without_import_rights_sees_no_import_page(seed, client):
    client.force_login(make_user("reader", perms=["headquarters.view_post"]))
    assert client.get(reverse("admin:headquarters_post_import")).status_code == 403
    assert client.get(reverse("admin:headquarters_post_export")).status_code == 200
