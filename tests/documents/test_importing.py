from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document as Docx

from daihoi.documents import services
from daihoi.documents.importing import PREAMBLE_HEADING, DocxImportError, build_docx, parse_docx
from daihoi.documents.models import Section, Version
from tests.documents.conftest import Docs


def _docx(build: Any) -> bytes:
    doc = Docx()
    build(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_heading_styles_become_sections_with_their_text() -> None:
    data = build_docx([("I. Kết quả", 1, "Đoạn một.\nĐoạn hai."), ("1. Chính trị", 2, "Nội dung."),
                       ("II. Hạn chế", 1, "")])
    sections = parse_docx(data)
    assert [(s.heading, s.level) for s in sections] == [
        ("I. Kết quả", 1), ("1. Chính trị", 2), ("II. Hạn chế", 1)]
    assert sections[0].body == "Đoạn một.\nĐoạn hai."
    assert sections[2].body == ""


def test_bold_numbered_paragraphs_are_headings_and_plain_ones_are_not() -> None:
    def build(doc: Any) -> None:
        doc.add_paragraph("Lời mở đầu của báo cáo.")
        doc.add_paragraph().add_run("I. ĐÁNH GIÁ CHUNG").bold = True
        doc.add_paragraph("1. Một câu đánh số nhưng không in đậm, vẫn là nội dung.")
        doc.add_paragraph().add_run("2. Công tác cán bộ").bold = True
        doc.add_paragraph("Nội dung cán bộ.")

    sections = parse_docx(_docx(build))
    assert [s.heading for s in sections] == [PREAMBLE_HEADING, "I. ĐÁNH GIÁ CHUNG",
                                             "2. Công tác cán bộ"]
    assert "không in đậm" in sections[1].body
    assert sections[0].body == "Lời mở đầu của báo cáo."


def test_a_file_without_headings_is_refused_with_a_clear_message() -> None:
    data = _docx(lambda doc: doc.add_paragraph("Chỉ có một đoạn văn."))
    with pytest.raises(DocxImportError, match="không có đề mục"):
        parse_docx(data)


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4 not a word file", b"PK\x03\x04broken zip"])
def test_a_file_that_is_not_docx_is_refused(data: bytes) -> None:
    with pytest.raises(DocxImportError) as info:
        parse_docx(data)
    assert "Chưa có gì được nhập" in info.value.message or "rỗng" in info.value.message


def test_an_unparseable_file_imports_nothing(docs: Docs) -> None:
    document = docs.prep.document
    versions, sections = Version.objects.count(), Section.objects.count()
    with pytest.raises(DocxImportError):
        services.version_import_docx(actor=None, document=document, data=b"garbage",
                                     source_name="x.docx")
    assert (Version.objects.count(), Section.objects.count()) == (versions, sections)


def test_an_imported_version_supersedes_the_previous_one(docs: Docs) -> None:
    document = docs.prep.document
    v2 = services.version_import_docx(
        actor=None, document=document, data=build_docx([("A. Mới", 1, "x"), ("B. Mới", 1, "y")]),
        source_name="v2.docx")
    assert v2.number == 2
    assert services.current_version(document) == v2
    assert list(v2.sections.values_list("heading", flat=True)) == ["A. Mới", "B. Mới"]
