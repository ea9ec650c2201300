"""Reading the admin's import and export pages as staff see them, from their HTML."""

from __future__ import annotations

import re

import cssselect2
import html5lib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

CSV, XLSX = 0, 1  # indexes into SPREADSHEET_FORMATS, as the admin's format <select> has them
# Latin words a Japanese page may show: file formats, codes and names staff use as they are.
ALLOWED_LATIN = {"CSV", "XLSX", "UTF", "Shift_JIS", "ID", "MB", "DX", "KPI", "CIO", "PDF"}
# Attributes whose text a reader meets (a screen reader reads the labels).
READ_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")


def root(response) -> cssselect2.ElementWrapper:
    tree = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    return cssselect2.ElementWrapper.from_html_root(tree)


def text_of(element: cssselect2.ElementWrapper) -> str:
    return re.sub(r"\s+", " ", "".join(element.etree_element.itertext())).strip()


def texts(response, selector: str) -> list[str]:
    return [text_of(element) for element in root(response).query_all(selector)]


def problems(response) -> list[str]:
    """The page's list of what stops the import, one entry per problem."""
    return texts(response, "ul.import-problem-list > li")


def summary(response) -> dict[str, int]:
    """The counts shown before the confirmation, e.g. {"新規": 1, "更新": 0, …}."""
    entries = (
        re.fullmatch(r"(\S+) (\d+) 件", text) for text in texts(response, ".import-summary li")
    )
    return {entry[1]: int(entry[2]) for entry in entries if entry}


def preview(response) -> tuple[list[list[str]], list[list[str]]]:
    """The preview's rows, cell texts each: the changed rows shown, and the unchanged ones
    folded away in a <details> element."""
    page = root(response)

    def rows(selector: str) -> list[list[str]]:
        return [[text_of(cell) for cell in row.query_all("td")] for row in page.query_all(selector)]

    unchanged = rows("details.import-unchanged table.import-preview tbody tr")
    every = rows("table.import-preview tbody tr")
    return every[: len(every) - len(unchanged)], unchanged


def visible_text(response) -> str:
    """Everything on the page a reader meets: text (not scripts or styles), the labels of
    buttons and the attributes a screen reader reads. The signed-in user's name is left out."""
    parts = []

    def read(node) -> None:
        if not isinstance(node.tag, str):  # a comment
            return
        if node.tag in ("script", "style") or node.get("id") == "user-tools":
            return
        if node.tag == "input" and node.get("type") in ("submit", "button"):
            parts.append(node.get("value") or "")
        parts.extend(node.get(name) or "" for name in READ_ATTRIBUTES)
        parts.append(node.text or "")
        for child in node:
            read(child)
            parts.append(child.tail or "")

    read(root(response).etree_element)
    return re.sub(r"\s+", " ", " ".join(parts))


def latin_words(response) -> set[str]:
    """Latin words on the page that are not file formats or codes: English left untranslated."""
    return set(re.findall(r"[A-Za-z][A-Za-z_]*", visible_text(response))) - ALLOWED_LATIN


def inline_code(response) -> list[str]:
    """What the Content-Security-Policy would refuse: inline scripts, style elements and
    attributes, and event-handler attributes."""
    refused = []
    for element in root(response).iter_subtree():
        node = element.etree_element
        if node.tag == "script" and not node.get("src") and (node.text or "").strip():
            refused.append(f"<script>{node.text.strip()[:60]}")
        if node.tag == "style":
            refused.append("<style>")
        refused += [f"{node.tag} {name}=" for name in node.keys() if name == "style"]
        refused += [f"{node.tag} {name}=" for name in node.keys() if name.startswith("on")]
    return refused


def import_url(admin: str) -> str:
    return reverse(f"admin:{admin}_import")


def upload(client, admin: str, data: bytes, filename: str, file_format: int = CSV):
    """Upload a file on an import page ("headquarters_appointment"); the response is the dry
    run's page: its preview, or what stops the import."""
    upload = SimpleUploadedFile(filename, data)
    return client.post(
        import_url(admin), {"resource": "0", "format": str(file_format), "import_file": upload}
    )


def confirm_fields(response) -> dict[str, str]:
    """The hidden fields of the form that posts to process_import (the 'インポート実行' button)."""
    form = root(response).query('form[action$="/process_import/"]')
    assert form is not None, f"no confirm form: {problems(response)}"
    return {
        node.etree_element.get("name"): node.etree_element.get("value") or ""
        for node in form.query_all('input[type="hidden"]')
    }


def confirm(client, admin: str, response):
    """Press 'インポート実行'; the response is the change list the import redirects to."""
    url = reverse(f"admin:{admin}_process_import")
    return client.post(url, confirm_fields(response), follow=True)
