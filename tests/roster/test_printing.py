"""The "Danh sách trích ngang đảng viên" of a cell or a committee, in PDF, DOCX and XLSX."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from daihoi.roster import printing
from daihoi.roster.models import Member
from tests.conftest import PASSWORD, World, make_member


def _get(client: Client, user: Any, code: str, fmt: str) -> Any:
    assert client.login(username=user.username, password=PASSWORD)
    return client.get(reverse("roster:member_list_print", args=[code]), {"format": fmt})


def test_the_committees_list_prints_every_member_on_its_roll_by_cell(world: World) -> None:
    make_member(world.cell_a, given_name="Đông", card_number="10000009",
                position="=HYPERLINK(\"x\")")
    pdf = PdfReader(io.BytesIO(printing.member_list_pdf(world.committee)))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "DANH SÁCH TRÍCH NGANG ĐẢNG VIÊN" in text
    assert "Chi bộ A1" in text
    assert "Chi bộ A2" in text
    assert "Nguyễn Văn Bình" in text
    assert "Tổng số: 3 đảng viên." in text
    assert "T/M ĐẢNG ỦY" in text
    sheet = openpyxl.load_workbook(io.BytesIO(printing.member_list_xlsx(world.committee))).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Nguyễn Văn Đông" in values
    formula = next(c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(\"x\")")
    assert formula.data_type == "s"  # written as text, never as a formula


def test_a_member_who_left_is_not_on_the_list(world: World) -> None:
    Member.objects.filter(pk=world.member_b.pk).update(status="deceased")
    text = printing.member_list_docx(world.committee)
    from docx import Document

    words = " ".join(p.text for t in Document(io.BytesIO(text)).tables for r in t.rows
                     for p in r.cells[1].paragraphs)
    assert "Nguyễn Văn Bình" in words
    assert "Nguyễn Văn Cường" not in words


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_a_cell_secretary_prints_the_own_cells_list(
    client: Client, world: World, fmt: str
) -> None:
    response = _get(client, world.secretary_a, world.cell_a.code, fmt)
    assert response.status_code == 200
    assert response["Content-Type"] == printing.CONTENT_TYPES[fmt]
    assert f"trich-ngang-dang-vien-T-A1.{fmt}" in response["Content-Disposition"]
    text = _text(response.content, fmt)
    assert "DANH SÁCH TRÍCH NGANG ĐẢNG VIÊN" in text.upper()
    assert "Chi bộ A1" in text
    assert "Nguyễn Văn Bình" in text  # the own cell's member…
    assert "Nguyễn Văn Cường" not in text  # …and not the other cell's
    assert "Chi bộ A2" not in text


def _text(content: bytes, fmt: str) -> str:
    """The words of a printed list, whatever its format."""
    if fmt == "pdf":
        return " ".join(" ".join(page.extract_text().split())
                        for page in PdfReader(io.BytesIO(content)).pages)
    if fmt == "docx":
        from docx import Document

        document = Document(io.BytesIO(content))
        return " ".join([*(p.text for p in document.paragraphs),
                         *(c.text for t in document.tables for r in t.rows for c in r.cells)])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_a_cell_secretary_cannot_print_another_cell_or_the_committee(
    client: Client, world: World, fmt: str
) -> None:
    assert _get(client, world.secretary_a, world.cell_b.code, fmt).status_code == 404
    assert _get(client, world.secretary_a, world.committee.code, fmt).status_code == 404
    assert _get(client, world.outsider, world.cell_a.code, fmt).status_code == 404
    assert _get(client, world.member_user, world.cell_a.code, fmt).status_code in (403, 404)
