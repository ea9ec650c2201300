"""Every PDF the public site links to, and a packet with an uploaded PDF stamped into it, checked
by an independent PDF/UA-1 checker (the pdfua package, dxportal/pdf_accessibility.py).

A check fails on any error and on any rule the checker could not run. Warnings are printed, and
each kind must be one a person has looked at: REVIEWED_WARNINGS says what it is and why it stays.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject
from weasyprint import HTML

from dxportal.pdf_accessibility import PdfCheck, check_pdf, linked_pdfs
from dxportal.site_map import public_paths
from headquarters.models import Meeting
from tests.conftest import publish
from tests.headquarters.test_packets import download, upload
from tests.pdfs import small_pdf

pytestmark = pytest.mark.django_db

# rule id → why the warning stays (checked by a person on the rendered PDF).
REVIEWED_WARNINGS: dict[str, str] = {}


def public_pdfs(client) -> dict[str, bytes]:
    """Every PDF a page of /sitemap.xml links to, as the public downloads it."""
    pages = {path: client.get(path).content.decode() for path in public_paths()}
    return {path: download(client, path) for path in linked_pdfs(pages)}


def problems(name: str, check: PdfCheck) -> list[str]:
    """What fails the check; reviewed warnings are printed, not failed."""
    for warning in check.warnings:
        print(f"{name}: {warning}")
    unreviewed = [w for w in check.warnings if w.rule not in REVIEWED_WARNINGS]
    return [f"{name}: {finding}" for finding in [*check.errors, *unreviewed]] + [
        f"{name}: rule not run: {skipped}" for skipped in check.skipped
    ]


def test_every_pdf_the_public_site_links_to_passes_the_checker(client, published_seed):
    pdfs = public_pdfs(client)
    # The packet, the agenda and each material of the seed meeting at least.
    assert len(pdfs) >= 4 and any(path.endswith("/packet.pdf") for path in pdfs)
    found = [problem for path, data in pdfs.items() for problem in problems(path, check_pdf(data))]
    assert found == [], "\n".join(found)


def linked_pdf() -> bytes:
    """An untagged upload with a link on it, as a department's PDF may be."""
    html = '<p>ZEBRAFINCH <a href="https://www.pref.aomori.lg.jp/">青森県</a></p>'
    return HTML(string=html).write_pdf()


def test_a_packet_with_an_uploaded_pdf_passes_the_checker(client, published_seed):
    meeting = Meeting.objects.get(pk=1)
    upload(meeting, small_pdf("ZEBRAFINCH", pages=2, size="A5"), title="参考資料の説明")
    upload(meeting, linked_pdf(), order=5, label="参考資料2", title="リンクのある資料")
    publish(meeting, reason="参考資料を追加")
    pdfs = public_pdfs(client)
    packet = next(data for path, data in pdfs.items() if path.endswith("/packet.pdf"))
    assert problems("packet.pdf", check_pdf(packet)) == []
    uploaded = [data for data in pdfs.values() if b"ZEBRAFINCH" in data]
    for data in uploaded:  # the material alone, where the site links it
        assert problems("uploaded material", check_pdf(data)) == []


def test_the_checker_finds_an_untagged_pdf():
    """The check is not empty: a PDF without tags (as a department might upload) has errors."""
    check = check_pdf(small_pdf("UNTAGGED"))
    assert "UA-01-005" in {f.rule for f in check.errors}  # no structure tree


def structure(data: bytes) -> list[DictionaryObject]:
    """Every structure element of a PDF, in tree order."""
    found = []

    def visit(node) -> None:
        node = node.get_object()
        if not isinstance(node, DictionaryObject):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []:
            visit(kid)

    visit(PdfReader(io.BytesIO(data)).trailer["/Root"]["/StructTreeRoot"])
    return found


def test_every_header_cell_says_what_it_heads(client, published_seed):
    """The schedule grid: the months head their columns, each track its row."""
    packet = public_pdfs(client)["/headquarters/meetings/1/packet.pdf"]
    headers = [element for element in structure(packet) if element["/S"] == "/TH"]
    assert headers
    scopes = [str(element["/A"]["/Scope"]) for element in headers]
    assert set(scopes) == {"/Column", "/Row"}
    assert scopes.count("/Column") == 13  # 区分 and the 12 months


def test_an_uploaded_page_is_a_figure_that_says_what_it_holds_and_its_links_are_tagged(
    client, published_seed
):
    meeting = Meeting.objects.get(pk=1)
    upload(meeting, linked_pdf(), title="リンクのある資料")
    publish(meeting, reason="参考資料を追加")
    packet = public_pdfs(client)["/headquarters/meetings/1/packet.pdf"]
    elements = structure(packet)
    (figure,) = [
        element
        for element in elements
        if element["/S"] == "/Figure" and "リンクのある資料" in str(element.get("/Alt", ""))
    ]
    assert str(figure["/Alt"]) == (
        "参考資料 リンクのある資料（1/1ページ、提出されたPDFのページ）：ZEBRAFINCH 青森県"
    )
    marks = [kid for kid in figure["/K"] if isinstance(kid, DictionaryObject)]
    assert [kid["/Type"] for kid in marks] == ["/MCR"]  # the stamped content joined the figure
    siblings = [kid.get_object() for kid in figure["/P"].get_object()["/K"]]
    link = siblings[siblings.index(figure) + 1]  # the upload's link, right after its page
    assert link["/S"] == "/Link"
    annotation = link["/K"]["/Obj"].get_object()
    assert annotation["/Contents"] == "リンク: https://www.pref.aomori.lg.jp/"
