"""The kernel's one way to send a file built in memory."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from daihoi.core.http import DOCX, PDF, attachment

SRC = Path(__file__).resolve().parents[2] / "src" / "daihoi"


def test_a_vietnamese_file_name_is_sent_in_utf8_and_reads_back_whole() -> None:
    response = attachment(b"%PDF-1.7", filename="Biên bản kiểm phiếu lần 2.pdf", content_type=PDF)
    disposition = response["Content-Disposition"]
    prefix = "attachment; filename*=utf-8''"
    assert disposition.startswith(prefix)
    assert disposition.isascii()
    assert unquote(disposition.removeprefix(prefix)) == "Biên bản kiểm phiếu lần 2.pdf"
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF-1.7"


def test_an_ascii_file_name_keeps_the_plain_header() -> None:
    response = attachment(b"PK", filename="bien-ban-kiem-phieu-7.docx", content_type=DOCX)
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban-kiem-phieu-7.docx"'
    assert response["Content-Type"] == DOCX


def test_an_inline_file_is_shown_rather_than_downloaded() -> None:
    response = attachment(b"%PDF", filename="chuong-trinh-dai-hoi.pdf", content_type=PDF,
                          inline=True)
    assert response["Content-Disposition"] == 'inline; filename="chuong-trinh-dai-hoi.pdf"'


def test_the_docx_mime_type_and_the_disposition_header_are_written_once() -> None:
    mime, header = "wordprocessingml.document", "Content-Disposition"
    with_mime = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                       if mime in p.read_text("utf-8"))
    with_header = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                         if header in p.read_text("utf-8"))
    assert with_mime == ["core/http.py"]
    assert with_header == ["core/http.py"]
