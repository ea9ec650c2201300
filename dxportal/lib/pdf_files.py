"""Checking uploaded PDFs: really a PDF, readable, not encrypted, and not too large."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF_MAGIC = b"%PDF-"


def validate_pdf_upload(file) -> None:
    """Refuse anything that is not a readable PDF within MATERIAL_MAX_BYTES."""
    limit = settings.MATERIAL_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            f"ファイルが大きすぎます（{filesizeformat(file.size)}）。"
            f"{filesizeformat(limit)}以下のPDFにしてください。"
        )
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    if PDF_MAGIC not in head:
        raise ValidationError(
            "PDFファイルではありません。PDF形式で保存したファイルを選んでください。"
        )
    try:
        reader = PdfReader(file)
        if reader.is_encrypted:
            raise ValidationError("パスワード付きのPDFは添付できません。保護を解除してください。")
        if len(reader.pages) == 0:
            raise ValidationError("ページのないPDFです。")
    except (PdfReadError, ValueError, KeyError, OSError):
        raise ValidationError(
            "PDFファイルを読み取れませんでした。ファイルが壊れていないか確認してください。"
        ) from None
    finally:
        file.seek(0)
