"""Export of a roster and the blank template, in the import format: an export imports back
without changes."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.roster import exporting, importing, services
from daihoi.roster.importing import HEADERS, HELP_SHEET_NAME, SHEET_NAME
from daihoi.roster.models import Member, StatusChange
from tests.conftest import PASSWORD, World, make_member


@pytest.fixture
def roster(world: World) -> World:
    """The world plus members that exercise every column: a probationary member without a
    card, an agency, a non-default status, names that sort the Vietnamese way."""
    agency = services.agency_create(actor=None, name="Phòng Nội vụ", code="NV",
                                    organization=world.committee)
    make_member(world.cell_a, family_name="Đặng", middle_name="Thị", given_name="Ánh",
                gender="female", card_number="10000010", agency=agency, position="Kế toán",
                qualification="master", political_theory="advanced", home_town="xã Đồng Tâm")
    make_member(world.cell_b, family_name="Lê", middle_name="", given_name="An",
                card_number=None, full_member_on=None, admitted_on=dt.date(2020, 1, 2))
    left = make_member(world.cell_b, family_name="Bùi", given_name="Đức", card_number="10000011")
    services.member_status_change(actor=None, member=left, expected_version=1,
                                  status="transferred_out", effective_on=dt.date(2020, 1, 5))
    return world


def _export(world: World, fmt: str) -> bytes:
    out = io.BytesIO()
    exporting.roster_export(organization=world.committee, fmt=fmt, out=out)
    return out.getvalue()


def _sheet_rows(data: bytes, sheet: str = SHEET_NAME) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return list(workbook[sheet].iter_rows(values_only=True))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_imports_back_without_changes(roster: World, fmt: str) -> None:
    data = _export(roster, fmt)
    before = list(Member.objects.order_by("pk").values())
    history = StatusChange.objects.count()
    result = importing.roster_import(
        actor=roster.office, organization=roster.committee, source=io.BytesIO(data),
        file_name=f"ds.{fmt}",
    )
    assert result.ok, [str(p) for p in result.errors]
    assert (result.created, result.updated, result.status_changes) == (0, 0, 0)
    assert result.unchanged == Member.objects.filter(
        cell__path__startswith=roster.committee.path
    ).count() == 5
    assert list(Member.objects.order_by("pk").values()) == before
    assert StatusChange.objects.count() == history


def test_the_xlsx_export_lists_the_subtree_in_vietnamese_order_with_labels(roster: World) -> None:
    rows = _sheet_rows(_export(roster, "xlsx"))
    assert rows[0] == HEADERS
    names = [(r[1], r[3]) for r in rows[1:]]
    # Given name first (An, Ánh, Bình, Cường, Đức), and nobody of the other committee (Dũng).
    assert names == [("Lê", "An"), ("Đặng", "Ánh"), ("Nguyễn", "Bình"), ("Nguyễn", "Cường"),
                     ("Bùi", "Đức")]
    anh = rows[2]
    assert anh[0] == 2
    assert anh[4] == "Nữ"
    assert anh[5] == dt.datetime(1980, 5, 17)
    assert anh[10] == "Thạc sĩ"
    assert anh[12] == "Cao cấp"
    assert anh[15:20] == ("10000010", None, None, "T-A1", "NV")  # blank dossier, citizen ID
    assert rows[5][21] == "Đã chuyển sinh hoạt đi"
    assert rows[1][14] is None  # probationary: no full-member date


def test_the_csv_export_is_utf8_with_a_bom_and_dates_as_text(roster: World) -> None:
    data = _export(roster, "csv")
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADERS
    assert rows[2][5] == "17/05/1980"
    assert rows[2][4] == "Nữ"
    assert len(rows) == 6


def test_the_template_explains_each_column_and_lists_values_cells_and_agencies(
    roster: World,
) -> None:
    out = io.BytesIO()
    exporting.template_write(fmt="xlsx", out=out, organization=roster.committee)
    workbook = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert workbook.sheetnames == [SHEET_NAME, HELP_SHEET_NAME]
    assert list(workbook[SHEET_NAME].iter_rows(values_only=True)) == [HEADERS]
    guide = list(workbook[HELP_SHEET_NAME].iter_rows(values_only=True))
    by_column = {r[0]: r for r in guide if r and r[0] in HEADERS}
    assert set(by_column) == set(HEADERS)
    assert by_column["Giới tính"][3] == "Nam; Nữ"
    assert "Miễn công tác và sinh hoạt đảng" in by_column["Tình trạng"][3]
    assert by_column["Ngày sinh"][1] == "Có"
    assert "Mường" in by_column["Dân tộc"][3]
    flat = [r[:2] for r in guide]
    assert ("T-A1", "Chi bộ A1") in flat
    assert ("NV", "Phòng Nội vụ") in flat
    assert ("T-B1", "Chi bộ B1") not in flat


def test_the_csv_template_has_only_the_headers(world: World) -> None:
    out = io.BytesIO()
    exporting.template_write(fmt="csv", out=out)
    assert out.getvalue() == codecs.BOM_UTF8 + (",".join(HEADERS) + "\r\n").encode()


def test_a_filled_in_template_imports(world: World) -> None:
    out = io.BytesIO()
    exporting.template_write(fmt="xlsx", out=out, organization=world.committee)
    workbook = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    workbook[SHEET_NAME].append([
        1, "Phạm", "Thu", "Trang", "Nữ", "12/12/1992", "Kinh", "", "", "", "", "", "",
        "01/09/2016", "01/09/2017", "30000077", "", "", "T-A2", "", "", "",
    ])
    filled = io.BytesIO()
    workbook.save(filled)
    result = importing.roster_import(
        actor=None, organization=world.committee, source=io.BytesIO(filled.getvalue()),
        file_name="mau.xlsx",
    )
    assert result.ok, [str(p) for p in result.errors]
    member = Member.objects.get(card_number="30000077")
    assert (member.religion, member.qualification, member.status) == (
        "Không", "university", "active"
    )


def test_the_commands_write_the_export_and_the_template(roster: World, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("roster", "export", "--org", "T-A", "-o", str(tmp_path / "ds.csv"), stdout=out)
    assert "Đã ghi 5 đảng viên" in out.getvalue()
    assert (tmp_path / "ds.csv").read_bytes().startswith(codecs.BOM_UTF8)
    call_command("roster", "export", "--org", "T-A", "--format", "xlsx",
                 "-o", str(tmp_path / "ds.xlsx"), stdout=out)
    assert len(_sheet_rows((tmp_path / "ds.xlsx").read_bytes())) == 6
    call_command("roster", "template", "-o", str(tmp_path / "mau.xlsx"), stdout=out)
    guide = _sheet_rows((tmp_path / "mau.xlsx").read_bytes(), HELP_SHEET_NAME)
    assert ("T-B1", "Chi bộ B1") in [r[:2] for r in guide]  # no --org: every cell


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_office_downloads_the_export_and_the_template(
    client: Client, roster: World, fmt: str
) -> None:
    assert client.login(username="office", password=PASSWORD)
    response = client.get(reverse("roster:export", args=["T-A"]), {"format": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'danh-sach-dang-vien-T-A.{fmt}"')
    body = b"".join(response.streaming_content)
    if fmt == "xlsx":  # a workbook carries its creation time: compare what it holds
        assert _sheet_rows(body) == _sheet_rows(_export(roster, fmt))
        assert len(_sheet_rows(body)) == 6
    else:
        assert body == _export(roster, fmt)
    template = client.get(reverse("roster:import_template", args=["T-A"]), {"format": fmt})
    assert template.status_code == 200
    assert "mau-danh-sach-dang-vien-T-A" in template["Content-Disposition"]
    assert AuditEntry.objects.filter(action="roster.import").count() == 0


def test_an_unknown_export_format_is_not_found(client: Client, roster: World) -> None:
    assert client.login(username="office", password=PASSWORD)
    assert client.get(reverse("roster:export", args=["T-A"]), {"format": "pdf"}).status_code == 404


FORMULA_NAMES = ("=HYPERLINK(\"http://x\",\"y\")", "+Lê", "-An", "@Bình", "'=Nho")


@pytest.fixture
def formula_roster(world: World) -> World:
    for i, name in enumerate(FORMULA_NAMES):
        make_member(world.cell_a, family_name=name, given_name="=cmd|' /C calc'!A0",
                    card_number=f"4100000{i}", home_town="@SUM(1+1)")
    return world


def test_the_xlsx_export_writes_text_that_looks_like_a_formula_as_text(
    formula_roster: World,
) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_export(formula_roster, "xlsx")))
    sheet = workbook[SHEET_NAME]
    family = HEADERS.index("Họ") + 1
    cells = [sheet.cell(row=r, column=family) for r in range(2, sheet.max_row + 1)]
    formula_cells = [c for c in cells if str(c.value).startswith("=")]
    assert formula_cells
    for cell in formula_cells:
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert {c.value for c in cells} >= set(FORMULA_NAMES)


def test_the_csv_export_puts_a_quote_before_text_that_looks_like_a_formula(
    formula_roster: World,
) -> None:
    text = _export(formula_roster, "csv").decode("utf-8-sig")
    values = [v for row in csv.reader(io.StringIO(text)) for v in row]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in values
    assert "'=cmd|' /C calc'!A0" in values
    assert "'@SUM(1+1)" in values
    assert "''=Nho" in values
    assert not [v for v in values if v.startswith(("=", "+", "-", "@", "\t", "\r"))]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_with_formula_like_names_imports_back_unchanged(
    formula_roster: World, fmt: str
) -> None:
    data = _export(formula_roster, fmt)
    before = list(Member.objects.order_by("pk").values())
    result = importing.roster_import(
        actor=formula_roster.office, organization=formula_roster.committee,
        source=io.BytesIO(data), file_name=f"ds.{fmt}",
    )
    assert result.ok, [str(p) for p in result.errors]
    assert (result.created, result.updated) == (0, 0)
    assert list(Member.objects.order_by("pk").values()) == before
    assert set(Member.objects.values_list("family_name", flat=True)) >= set(FORMULA_NAMES)
