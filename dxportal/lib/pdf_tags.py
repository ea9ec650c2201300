"""Tagging an uploaded page stamped onto a tagged PDF, so the PDF stays PDF/UA.

WeasyPrint tags the packet as it renders it; an uploaded page is drawn onto its reserved page
afterwards (dxportal/lib/pdf.py), outside any tag. Each reserved page holds an <img> with the
page's description as its alt text, which WeasyPrint tags as a /Figure in its place in the reading
order. The stamped content becomes one more marked-content sequence of that figure: a new MCID on
the page, listed in the page's entry of the parent tree and among the figure's kids. The upload's
own marks are dropped (its structure tree is not carried over): the figure's alt text says what
the page holds.
"""

from __future__ import annotations

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

MARKS = (b"BDC", b"BMC", b"EMC")


class UntaggedPage(ValueError):
    """The reserved page has no figure to join: the PDF or its template changed."""


def resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def parent_tree_entry(writer: PdfWriter, key: int) -> ArrayObject:
    """The parent tree's array for a page's /StructParents key (MCID → structure element)."""
    node = resolved(resolved(writer.root_object["/StructTreeRoot"])["/ParentTree"])
    nodes = [node]
    while nodes:
        node = resolved(nodes.pop())
        numbers = node.get("/Nums", ArrayObject())
        for index in range(0, len(numbers), 2):
            if numbers[index] == key:
                return resolved(numbers[index + 1])
        nodes.extend(node.get("/Kids", ArrayObject()))
    raise UntaggedPage(f"no parent tree entry {key}")


def page_figure(writer: PdfWriter, page: PageObject) -> tuple[IndirectObject, ArrayObject]:
    """The page's /Figure structure element (a reference) and the page's parent tree array."""
    if "/StructParents" not in page:
        raise UntaggedPage("the reserved page is not tagged")
    entry = parent_tree_entry(writer, page["/StructParents"])
    figures = [kid for kid in entry if resolved(kid).get("/S") == "/Figure"]
    if not figures:
        raise UntaggedPage("the reserved page has no figure")
    return figures[-1], entry


def join_figure(
    writer: PdfWriter, page: PageObject, source: PageObject
) -> tuple[PageObject, IndirectObject]:
    """`source` with its content as one marked-content sequence of `page`'s figure, recorded
    in the structure tree, and the figure; merge `source` onto `page` afterwards."""
    figure_ref, entry = page_figure(writer, page)
    figure = resolved(figure_ref)
    mcid = len(entry)  # the array's index is the MCID: the next free one
    entry.append(figure_ref)
    kids = figure.get("/K")
    kids = list(kids) if isinstance(kids, ArrayObject) else [] if kids is None else [kids]
    mark_reference = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/MCR"),
            NameObject("/Pg"): page.indirect_reference,
            NameObject("/MCID"): NumberObject(mcid),
        }
    )
    figure[NameObject("/K")] = ArrayObject([*kids, mark_reference])

    content = ContentStream(source.get_contents(), source.pdf)
    properties = DictionaryObject({NameObject("/MCID"): NumberObject(mcid)})
    content.operations = [
        ([NameObject("/Figure"), properties], b"BDC"),
        *[
            (operands, operator)
            for operands, operator in content.operations
            if operator not in MARKS
        ],
        ([], b"EMC"),
    ]
    source.replace_contents(content)
    return source, figure_ref


# The structure element of an annotation by its subtype (PDF/UA 7.18: every annotation is tagged).
ANNOTATION_ROLES = {"/Link": "/Link", "/Widget": "/Form"}


def annotation_ids(page: PageObject) -> set[int]:
    """Which annotations a page holds now (Python identities), to tell the ones a merge adds."""
    return {id(resolved(entry)) for entry in resolved(page.get("/Annots")) or ArrayObject()}


def new_annotations(writer: PdfWriter, page: PageObject, known: set[int]) -> list[IndirectObject]:
    """The page's annotations not in `known`, each made an indirect object (a structure element
    can only point at one of those)."""
    annotations = resolved(page.get("/Annots")) or ArrayObject()
    added = []
    for index, entry in enumerate(annotations):
        if id(resolved(entry)) in known:
            continue
        if not isinstance(entry, IndirectObject):
            entry = writer._add_object(entry)
            annotations[index] = entry
        added.append(entry)
    return added


def tag_annotations(
    writer: PdfWriter, page: PageObject, added: list[IndirectObject], figure_ref: IndirectObject
) -> None:
    """Tag the annotations a stamp brought onto `page`, each as its own structure element right
    after the page's figure: a link says where it leads, in its /Contents too."""
    tree = resolved(writer.root_object["/StructTreeRoot"])
    parent_tree = resolved(tree["/ParentTree"])
    figure = resolved(figure_ref)
    parent = resolved(figure["/P"])
    siblings = resolved(parent["/K"])
    if not isinstance(siblings, ArrayObject):  # the figure was its parent's only kid
        siblings = ArrayObject([parent["/K"]])
        parent[NameObject("/K")] = siblings
    position = next(i for i, kid in enumerate(siblings) if resolved(kid) is figure) + 1
    next_key = int(tree.get("/ParentTreeNextKey", 0)) or 1 + max(
        int(key) for key in parent_tree["/Nums"][::2]
    )
    for reference in added:
        annotation = resolved(reference)
        role = ANNOTATION_ROLES.get(annotation.get("/Subtype"), "/Annot")
        uri = resolved(annotation.get("/A") or DictionaryObject()).get("/URI")
        if uri and "/Contents" not in annotation:
            annotation[NameObject("/Contents")] = TextStringObject(f"リンク: {uri}")
        element = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/StructElem"),
                    NameObject("/S"): NameObject(role),
                    NameObject("/P"): figure["/P"],
                    NameObject("/Pg"): page.indirect_reference,
                    NameObject("/K"): DictionaryObject(
                        {
                            NameObject("/Type"): NameObject("/OBJR"),
                            NameObject("/Obj"): reference,
                            NameObject("/Pg"): page.indirect_reference,
                        }
                    ),
                }
            )
        )
        annotation[NameObject("/StructParent")] = NumberObject(next_key)
        parent_tree["/Nums"].extend([NumberObject(next_key), element])
        siblings.insert(position, element)
        position += 1
        next_key += 1
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
