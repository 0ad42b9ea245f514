"""Reading a draft the drafters wrote in Word: headings become sections.

A heading is a paragraph in a "Heading 1/2/3" (or "Title") style, or a paragraph whose text is
wholly bold and starts with a numbered-heading pattern such as "I.", "1.", "2.3." or "a)". The
text between two headings is the first one's body. Pure: no database access, so a file that
cannot be read is refused before anything is written. Before it is parsed, the file's ZIP
directory is checked against the upload limits (:mod:`daihoi.core.zipguard`), so a
decompression bomb is refused without being inflated.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from daihoi.core.zipguard import ZipLimitError, ZipLimits, check_zip

NUMBERED_HEADING = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s+\S", re.IGNORECASE)
PREAMBLE_HEADING = "Phần mở đầu"
#: The end of every refusal of an import (``gettext`` at use).
NOTHING = gettext_noop("Chưa có gì được nhập.")
MAX_HEADING = 500


class DocxImportError(Exception):
    """The file cannot become sections; ``message`` says why, in the active language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ParsedSection:
    heading: str
    level: int
    body: str


def _heading_level(paragraph: object) -> int | None:
    style = getattr(getattr(paragraph, "style", None), "name", "") or ""
    text = getattr(paragraph, "text", "").strip()
    if not text:
        return None
    lowered = style.lower()
    if lowered == "title":
        return 1
    m = re.match(r"heading\s*(\d)", lowered)
    if m:
        return int(m.group(1))
    runs = [r for r in getattr(paragraph, "runs", []) if r.text.strip()]
    if runs and all(r.bold for r in runs) and NUMBERED_HEADING.match(text) and len(text) < 300:
        first = text.split(None, 1)[0].rstrip(".)")
        return 1 if re.fullmatch(r"[IVXLC]+", first) else (2 if "." not in first else 3)
    return None


def parse_docx(data: bytes, *, limits: ZipLimits | None = None) -> list[ParsedSection]:
    """The sections of a DOCX file, or :class:`DocxImportError` (also for a file beyond the
    upload ``limits``, by default those of the settings)."""
    try:
        from docx import Document
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise DocxImportError(gettext(
            "Máy chủ thiếu thư viện đọc tệp Word (python-docx).")) from exc
    if not data:
        raise DocxImportError(gettext("Tệp rỗng: không có nội dung để nhập."))
    try:
        check_zip(data, limits=limits)
    except ZipLimitError as exc:
        raise DocxImportError(f"{exc.message} {gettext(NOTHING)}") from exc
    try:
        doc = Document(io.BytesIO(data))
    except MemoryError:
        raise  # a limit of the worker, not a fault of the file: the job names the limit
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, Exception) as exc:
        raise DocxImportError(gettext(
            "Không đọc được tệp: đây không phải tệp Word .docx hợp lệ (có thể là .doc cũ, PDF "
            "hoặc tệp bị hỏng). Hãy lưu lại dưới dạng .docx rồi tải lên. Chưa có gì được nhập."
        )) from exc
    sections: list[ParsedSection] = []
    heading: str | None = None
    level = 1
    body: list[str] = []
    for paragraph in doc.paragraphs:
        found = _heading_level(paragraph)
        text = paragraph.text.strip()
        if found is not None:
            if heading is not None or any(body):
                sections.append(ParsedSection(heading or PREAMBLE_HEADING, level,
                                              "\n".join(body).strip()))
            heading, level, body = text[:MAX_HEADING], found, []
        elif text:
            body.append(text)
    if heading is None:
        raise DocxImportError(gettext(
            "Tệp không có đề mục nào (kiểu Heading 1/Heading 2, hoặc dòng in đậm đánh số “I.”, "
            "“1.”…), nên không chia được thành các phần để góp ý. Chưa có gì được nhập."
        ))
    sections.append(ParsedSection(heading, level, "\n".join(body).strip()))
    return sections


def build_docx(sections: list[tuple[str, int, str]]) -> bytes:
    """A DOCX with these (heading, level, body) sections: for the demo and the tests."""
    from docx import Document

    doc = Document()
    for heading, level, body in sections:
        doc.add_heading(heading, level=level)
        for para in body.split("\n"):
            if para.strip():
                doc.add_paragraph(para)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
