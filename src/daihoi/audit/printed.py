"""A chain head given on the command line: ``LENGTH:HASH``, or the line printed on the counting
minutes or the resolution, read from the PDF or DOCX file (or a text file)."""

from __future__ import annotations

from pathlib import Path

from daihoi.audit.chain import ChainHead, parse_head


class HeadNotFoundError(ValueError):
    """No head in what was given; the message is for the office (Vietnamese)."""


def document_text(path: Path) -> str:
    """The text of a printed document (PDF or DOCX, tables included) or of a text file."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return path.read_text(encoding="utf-8")


def head_given(value: str) -> ChainHead:
    """``LENGTH:HASH`` or a file on which a head is printed (the last one found)."""
    head = parse_head(value)
    if head is not None:
        return head
    path = Path(value)
    if not path.is_file():
        raise HeadNotFoundError(
            f"“{value}” không phải đầu chuỗi dạng SỐ_MỤC:MÃ (ví dụ 1234:3f2a9c01b7e4d2a8) và "
            "cũng không phải một tệp có sẵn.")
    try:
        text = document_text(path)
    except Exception as exc:  # any unreadable file (corrupt PDF, DOCX, encoding) alike
        raise HeadNotFoundError(f"Không đọc được tệp {path}: {exc}") from exc
    head = parse_head(text)
    if head is None:
        raise HeadNotFoundError(
            f"Không tìm thấy dòng “Nhật ký: … mục, mã kiểm tra …” trong tệp {path}.")
    return head
