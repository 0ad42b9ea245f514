"""Import of a roster file: every row checked first, nothing written on any error, one
transaction and one audit entry otherwise; the web upload runs as a job with progress."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from daihoi import clock
from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_verify
from daihoi.roster import importing, services, tasks
from daihoi.roster.choices import MemberStatus
from daihoi.roster.importing import HEADERS, ImportResult
from daihoi.roster.models import Agency, CellChange, ImportJob, Member, StatusChange
from tests.conftest import PASSWORD, World

TODAY = dt.datetime(2020, 6, 10, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    with clock.frozen(TODAY):
        yield


# --------------------------------------------------------------------------- helpers


def row(**overrides: Any) -> dict[str, Any]:
    """A valid row of a new member of cell T-A1, by header; any column can be overridden."""
    values: dict[str, Any] = {
        "STT": 1,
        "Họ": "Trần",
        "Tên đệm": "Thị",
        "Tên": "Hằng",
        "Giới tính": "Nữ",
        "Ngày sinh": "03/02/1990",
        "Dân tộc": "Tày",
        "Tôn giáo": "Không",
        "Quê quán": "xã Tân Lập",
        "Giáo dục phổ thông": "Trung học phổ thông",
        "Trình độ chuyên môn": "Đại học",
        "Chuyên ngành": "Kế toán",
        "Lý luận chính trị": "Trung cấp",
        "Ngày vào Đảng": "19/05/2015",
        "Ngày chính thức": "19/05/2016",
        "Số thẻ đảng viên": "30000001",
        "Mã chi bộ": "T-A1",
        "Mã cơ quan": "",
        "Chức vụ": "Chuyên viên",
        "Tình trạng": "Đang sinh hoạt",
    }
    values.update({k.replace("_", " "): v for k, v in overrides.items()})
    return values


def xlsx(rows: list[dict[str, Any]], headers: tuple[str, ...] = HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = importing.SHEET_NAME
    sheet.append(list(headers))
    for r in rows:
        sheet.append([r.get(h) for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[dict[str, Any]], *, sep: str = ",", encoding: str = "utf-8-sig") -> bytes:
    lines = [sep.join(HEADERS)]
    lines += [sep.join(str(r.get(h) or "") for h in HEADERS) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def run(world: World, data: bytes, name: str = "danh-sach.xlsx", **kwargs: Any) -> ImportResult:
    return importing.roster_import(
        actor=world.office, organization=world.committee, source=io.BytesIO(data),
        file_name=name, **kwargs,
    )


def counts() -> tuple[int, int, int, int]:
    return (Member.objects.count(), AuditEntry.objects.count(), StatusChange.objects.count(),
            CellChange.objects.count())


def messages(result: ImportResult) -> list[str]:
    return [str(p) for p in result.errors]


def assert_rejected(world: World, data: bytes, expected: str, name: str = "ds.xlsx") -> None:
    before = counts()
    result = run(world, data, name)
    assert expected in messages(result), messages(result)
    assert not result.written
    assert counts() == before


@pytest.fixture
def agencies(world: World) -> tuple[Agency, Agency]:
    own = services.agency_create(actor=None, name="Phòng Tài chính", code="CQ-A",
                                 organization=world.committee)
    other = services.agency_create(actor=None, name="Phòng khác", code="CQ-B",
                                   organization=world.other_committee)
    return own, other


# --------------------------------------------------------------------------- creating, updating


def test_it_creates_members_with_their_history_and_one_audit_entry(
    world: World, agencies: tuple[Agency, Agency]
) -> None:
    before = counts()
    result = run(world, xlsx([
        row(**{"Mã cơ quan": "CQ-A"}),
        row(Tên="Yến", **{"Số thẻ đảng viên": "30000002", "Mã chi bộ": "T-A2"}),
    ]))
    assert result.ok, messages(result)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert counts()[:3] == (before[0] + 2, before[1] + 1, before[2] + 2)
    member = Member.objects.get(card_number="30000001")
    assert member.full_name == "Trần Thị Hằng"
    assert member.gender == "female"
    assert member.political_theory == "intermediate"
    assert member.date_of_birth == dt.date(1990, 2, 3)
    assert member.agency == agencies[0]
    assert member.search_text == "tran thi hang"
    assert (member.created_at, member.updated_at, member.version) == (TODAY, TODAY, 1)
    assert member.sort_key == services.derived_name_fields("Trần", "Thị", "Hằng")["sort_key"]
    history = list(member.status_changes.values_list("status", "effective_on", "recorded_by"))
    assert history == [("active", dt.date(2015, 5, 19), world.office.pk)]
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert entry.action == "roster.import"
    assert entry.actor_id == world.office.pk
    assert entry.data["file_name"] == "danh-sach.xlsx"
    assert len(entry.data["sha256"]) == 64
    assert (entry.data["created"], entry.data["updated"]) == (2, 0)
    assert audit_verify()[1] == []


def test_it_updates_the_member_whose_card_number_is_in_the_subtree(world: World) -> None:
    member = world.member_a
    result = run(world, xlsx([
        row(Họ="Nguyễn", **{"Tên đệm": "Văn", "Tên": "Bình", "Giới tính": "Nam",
                             "Ngày sinh": "17/05/1980", "Dân tộc": "Kinh",
                             "Ngày vào Đảng": "26/03/2005", "Ngày chính thức": "26/03/2006",
                             "Số thẻ đảng viên": member.card_number, "Chức vụ": "Trưởng phòng"}),
        row(**{"Số thẻ đảng viên": "30000009"}),
    ]))
    assert result.ok, messages(result)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    member.refresh_from_db()
    assert member.position == "Trưởng phòng"
    assert member.ethnicity == "Kinh"
    assert member.version == 2
    assert member.status_changes.count() == 1  # status unchanged: no new history


def test_a_changed_status_is_recorded_in_the_history_dated_today(world: World) -> None:
    member = world.member_b
    data = xlsx([row(Họ="Nguyễn", **{
        "Tên đệm": "Văn", "Tên": "Cường", "Giới tính": "Nam", "Ngày sinh": "17/05/1980",
        "Dân tộc": "Kinh", "Ngày vào Đảng": "26/03/2005", "Ngày chính thức": "26/03/2006",
        "Số thẻ đảng viên": member.card_number, "Mã chi bộ": "T-A2", "Chức vụ": "",
        "Quê quán": "", "Chuyên ngành": "", "Trình độ chuyên môn": "Đại học",
        "Lý luận chính trị": "Sơ cấp", "Tình trạng": "Miễn công tác và sinh hoạt đảng",
    })])
    result = run(world, data)
    assert result.ok, messages(result)
    assert (result.updated, result.status_changes) == (1, 1)
    member.refresh_from_db()
    assert member.status == MemberStatus.EXEMPTED
    last = member.status_changes.order_by("-id").first()
    assert last is not None
    assert (last.status, last.effective_on) == ("exempted", dt.date(2020, 6, 10))


def test_a_changed_cell_is_recorded_as_a_move_dated_today(world: World) -> None:
    data = xlsx([row(Họ="Nguyễn", **{
        "Tên đệm": "Văn", "Tên": "Cường", "Giới tính": "Nam", "Ngày sinh": "17/05/1980",
        "Dân tộc": "Kinh", "Ngày vào Đảng": "26/03/2005", "Ngày chính thức": "26/03/2006",
        "Số thẻ đảng viên": world.member_b.card_number, "Mã chi bộ": "T-A1",
    })])
    result = run(world, data)
    assert result.ok, messages(result)
    move = CellChange.objects.get(member=world.member_b)
    assert (move.from_cell, move.to_cell) == (world.cell_b, world.cell_a)
    assert move.effective_on == dt.date(2020, 6, 10)


def test_a_new_member_who_is_not_active_gets_both_history_entries(world: World) -> None:
    result = run(world, xlsx([row(**{"Tình trạng": "Bị đình chỉ sinh hoạt đảng"})]))
    assert result.ok, messages(result)
    member = Member.objects.get(card_number="30000001")
    assert member.status == MemberStatus.SUSPENDED
    assert list(member.status_changes.values_list("status", "effective_on")) == [
        ("active", dt.date(2015, 5, 19)), ("suspended", dt.date(2020, 6, 10)),
    ]


def test_a_probationary_member_may_have_no_card_and_is_matched_again_by_name_and_birth(
    world: World,
) -> None:
    data = xlsx([row(**{"Ngày chính thức": None, "Số thẻ đảng viên": None,
                        "Ngày vào Đảng": "02/01/2020"})])
    first = run(world, data)
    assert first.ok, messages(first)
    assert first.created == 1
    member = Member.objects.get(family_name="Trần", given_name="Hằng")
    assert member.card_number is None
    assert member.status_changes.get().note == "Kết nạp"
    again = run(world, data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_it_accepts_enumerations_by_label_in_any_case_or_by_internal_value(world: World) -> None:
    decomposed = unicodedata.normalize("NFD", "nữ")
    result = run(world, xlsx([
        row(**{"Giới tính": "NỮ", "Trình độ chuyên môn": "thạc sĩ", "Tình trạng": ""}),
        row(**{"Giới tính": decomposed, "Số thẻ đảng viên": "30000002",
               "Lý luận chính trị": "advanced", "Dân tộc": "tày"}),
        row(**{"Giới tính": "male", "Số thẻ đảng viên": "30000003",
               "Giáo dục phổ thông": " trung  học cơ sở "}),
    ]))
    assert result.ok, messages(result)
    by_card = {m.card_number: m for m in Member.objects.filter(card_number__startswith="3")}
    assert by_card["30000001"].gender == "female"
    assert by_card["30000001"].qualification == "master"
    assert by_card["30000001"].status == "active"
    assert by_card["30000002"].gender == "female"
    assert by_card["30000002"].political_theory == "advanced"
    assert by_card["30000002"].ethnicity == "Tày"
    assert by_card["30000003"].gender == "male"
    assert by_card["30000003"].general_education == "lower_secondary"


def test_it_accepts_real_excel_dates_and_numeric_card_numbers(world: World) -> None:
    result = run(world, xlsx([row(**{
        "Ngày sinh": dt.datetime(1990, 2, 3), "Ngày vào Đảng": dt.date(2015, 5, 19),
        "Ngày chính thức": "2016-05-19", "Số thẻ đảng viên": 30000001,
    })]))
    assert result.ok, messages(result)
    member = Member.objects.get(card_number="30000001")
    assert member.date_of_birth == dt.date(1990, 2, 3)
    assert member.full_member_on == dt.date(2016, 5, 19)


def test_a_dry_run_reports_what_it_would_do_and_writes_nothing(world: World) -> None:
    before = counts()
    result = run(world, xlsx([row(), row(**{"Số thẻ đảng viên": "30000002"})]), dry_run=True)
    assert result.ok
    assert result.created == 2
    assert not result.written
    assert counts() == before


def test_it_reports_progress_by_phase(world: World) -> None:
    seen: list[tuple[str, int, int | None]] = []
    run(world, xlsx([row()]), progress=lambda *args: seen.append(args))
    phases = [p for p, _, _ in seen]
    assert phases[0] == "reading"
    assert "checking" in phases
    assert seen[-1] == ("writing", 1, 1)


# --------------------------------------------------------------------------- row errors


def test_it_rejects_an_impossible_date_naming_row_and_column(world: World) -> None:
    assert_rejected(
        world, xlsx([row(), row(**{"Ngày sinh": "31/02/1980", "Số thẻ đảng viên": "3"})]),
        "Dòng 3, cột “Ngày sinh”: “31/02/1980” không phải là ngày hợp lệ.",
    )


def test_it_rejects_text_that_is_not_a_date(world: World) -> None:
    assert_rejected(
        world, xlsx([row(**{"Ngày vào Đảng": "năm 2015"})]),
        "Dòng 2, cột “Ngày vào Đảng”: “năm 2015” không phải là ngày; hãy ghi theo dạng "
        "ngày/tháng/năm, ví dụ 17/05/1980.",
    )


def test_it_rejects_a_row_without_its_required_fields(world: World) -> None:
    before = counts()
    result = run(world, xlsx([row(Họ="", **{"Ngày sinh": None, "Mã chi bộ": " "})]))
    assert messages(result) == [
        "Dòng 2, cột “Họ”: chưa điền (bắt buộc).",
        "Dòng 2, cột “Ngày sinh”: chưa điền (bắt buộc).",
        "Dòng 2, cột “Mã chi bộ”: chưa điền (bắt buộc).",
    ]
    assert counts() == before


def test_it_rejects_an_unknown_enumeration_value_listing_the_labels(world: World) -> None:
    assert_rejected(
        world, xlsx([row(**{"Giới tính": "Nam giới"})]),
        "Dòng 2, cột “Giới tính”: “Nam giới” không phải là giá trị hợp lệ; dùng một trong: "
        "Nam, Nữ.",
    )


def test_it_reports_both_rows_of_a_card_number_repeated_in_the_file(world: World) -> None:
    before = counts()
    result = run(world, xlsx([row(), row(Tên="Yến"), row(Tên="Lan", **{"Số thẻ đảng viên": "9"})]))
    assert messages(result) == [
        "Dòng 2, cột “Số thẻ đảng viên”: số thẻ “30000001” trùng với dòng 3.",
        "Dòng 3, cột “Số thẻ đảng viên”: số thẻ “30000001” trùng với dòng 2.",
    ]
    assert counts() == before


def test_it_rejects_an_unknown_cell_code(world: World) -> None:
    assert_rejected(
        world, xlsx([row(**{"Mã chi bộ": "T-Z9"})]),
        "Dòng 2, cột “Mã chi bộ”: không có chi bộ “T-Z9” trong Đảng bộ Khối A.",
    )


def test_it_rejects_a_cell_of_another_committee(world: World) -> None:
    assert_rejected(
        world, xlsx([row(**{"Mã chi bộ": world.other_cell.code})]),
        "Dòng 2, cột “Mã chi bộ”: không có chi bộ “T-B1” trong Đảng bộ Khối A.",
    )


def test_it_rejects_an_organization_that_is_not_a_cell(world: World) -> None:
    assert_rejected(
        world, xlsx([row(**{"Mã chi bộ": world.committee.code})]),
        "Dòng 2, cột “Mã chi bộ”: “T-A” không phải là mã của một chi bộ.",
    )


def test_it_rejects_an_unknown_agency_and_one_of_another_committee(
    world: World, agencies: tuple[Agency, Agency]
) -> None:
    before = counts()
    result = run(world, xlsx([
        row(**{"Mã cơ quan": "CQ-X"}),
        row(**{"Mã cơ quan": "CQ-B", "Số thẻ đảng viên": "30000002"}),
    ]))
    assert messages(result) == [
        "Dòng 2, cột “Mã cơ quan”: không có cơ quan, đơn vị “CQ-X”.",
        "Dòng 3, cột “Mã cơ quan”: cơ quan “CQ-B” không thuộc đảng bộ của chi bộ “T-A1”.",
    ]
    assert counts() == before


def test_it_rejects_a_full_member_date_before_admission(world: World) -> None:
    assert_rejected(
        world, xlsx([row(**{"Ngày chính thức": "18/05/2015"})]),
        "Dòng 2, cột “Ngày chính thức”: Ngày chính thức không được trước ngày vào Đảng.",
    )


def test_it_applies_the_record_rules_of_the_member_form(world: World) -> None:
    before = counts()
    result = run(world, xlsx([row(**{"Ngày vào Đảng": "01/01/2007", "Ngày chính thức": None,
                                     "Số thẻ đảng viên": None, "Dân tộc": "Klingon"})]))
    assert messages(result) == [  # in the order of the file's columns
        "Dòng 2, cột “Dân tộc”: Dân tộc “Klingon” không có trong danh mục 54 dân tộc Việt Nam.",
        "Dòng 2, cột “Ngày vào Đảng”: Ngày vào Đảng phải khi đã đủ 18 tuổi "
        "(ngày sinh 03/02/1990).",
    ]
    assert counts() == before


def test_it_rejects_a_full_member_without_a_card_number(world: World) -> None:
    assert_rejected(
        world, xlsx([row(**{"Số thẻ đảng viên": ""})]),
        "Dòng 2, cột “Số thẻ đảng viên”: Đảng viên chính thức (có ngày chính thức) phải có số "
        "thẻ đảng viên.",
    )


def test_it_refuses_a_card_number_of_another_committee(world: World) -> None:
    assert_rejected(
        world, xlsx([row(**{"Số thẻ đảng viên": world.other_member.card_number})]),
        "Dòng 2, cột “Số thẻ đảng viên”: số thẻ “20000001” đã là của một đảng viên ngoài "
        "Đảng bộ Khối A; nếu đảng viên chuyển đến, hãy làm thủ tục chuyển sinh hoạt trước.",
    )
    world.other_member.refresh_from_db()
    assert world.other_member.version == 1


def test_it_rejects_a_value_longer_than_the_field(world: World) -> None:
    assert_rejected(
        world, xlsx([row(Tên="A" * 51)]), "Dòng 2, cột “Tên”: dài quá 50 ký tự.",
    )


def test_one_bad_row_among_many_good_ones_writes_nothing(world: World) -> None:
    rows = [row(**{"Số thẻ đảng viên": f"4{i:07d}"}) for i in range(50)]
    rows[37]["Ngày sinh"] = "30/02/1990"
    before = counts()
    result = run(world, xlsx(rows))
    assert result.error_count == 1
    assert messages(result) == [
        "Dòng 39, cột “Ngày sinh”: “30/02/1990” không phải là ngày hợp lệ."
    ]
    assert counts() == before


# --------------------------------------------------------------------------- whole-file errors


def test_it_rejects_a_file_that_is_not_a_spreadsheet(world: World) -> None:
    assert_rejected(
        world, b"hello, this is text",
        "Chỉ nhận tệp Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV (.csv).", name="ds.pdf",
    )
    assert_rejected(
        world, b"not a zip at all",
        "Tệp không phải là bảng tính hợp lệ: có thể tệp bị hỏng hoặc bị đổi tên.",
    )


def test_it_rejects_a_corrupt_old_excel_file(world: World) -> None:
    assert_rejected(
        world, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
        "Không đọc được tệp: tệp bị hỏng hoặc không phải là bảng tính hợp lệ.", name="ds.xls",
    )


def test_it_names_a_password_protected_workbook(world: World) -> None:
    protected = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
                 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100)
    assert_rejected(
        world, protected,
        "Tệp Excel được đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ "
        "sổ làm việc) rồi tải lên lại.", name="ds.xlsx",
    )


def test_it_rejects_a_truncated_workbook(world: World) -> None:
    data = xlsx([row()])
    assert_rejected(
        world, data[: len(data) // 2],
        "Tệp Excel bị hỏng hoặc không đầy đủ (có thể tải lên bị gián đoạn); hãy mở lại bằng "
        "Excel, lưu lại rồi tải lên lần nữa.",
    )


def test_it_names_a_missing_required_column_and_not_a_missing_optional_one(
    world: World,
) -> None:
    headers = (*(h for h in HEADERS if h not in ("Ngày sinh", "Tình trạng")), "Ghi chú")
    before = counts()
    result = run(world, xlsx([row()], headers=headers))
    assert messages(result) == ["Chưa có cột “Ngày sinh” (bắt buộc)."]
    assert counts() == before


def test_optional_columns_may_be_left_out_and_unknown_ones_are_ignored(world: World) -> None:
    headers = ("Họ", "Tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Mã chi bộ", "Sở thích")
    result = run(world, xlsx([row(**{"Sở thích": "Cờ tướng"})], headers=headers))
    assert result.ok, messages(result)
    assert result.ignored_columns == ["Sở thích"]
    member = Member.objects.get(given_name="Hằng", family_name="Trần")
    assert (member.middle_name, member.ethnicity, member.card_number) == ("", "Kinh", None)


def test_headers_match_in_any_case_and_order(world: World) -> None:
    headers = tuple(reversed([h.upper() for h in HEADERS]))
    data = xlsx([{h.upper(): v for h, v in row().items()}], headers=headers)
    result = run(world, data)
    assert result.ok, messages(result)
    assert result.created == 1


def test_it_rejects_an_empty_file(world: World) -> None:
    assert_rejected(world, b"", "Tệp rỗng: không có dữ liệu.", name="ds.csv")
    assert_rejected(
        world, xlsx([]),
        "Trang “Danh sách đảng viên” chỉ có dòng tiêu đề (dòng 1), không có đảng viên nào ở dưới.",
    )
    empty = openpyxl.Workbook()
    out = io.BytesIO()
    empty.save(out)
    assert_rejected(world, out.getvalue(), NO_HEADER.format(sheet="Sheet"))


NO_HEADER = (
    "Không tìm thấy dòng tiêu đề ở trang “{sheet}” trong 40 dòng đầu: cần một dòng ghi tên các "
    "cột, ví dụ “Họ và tên”, “Ngày sinh”, “Giới tính”, “Ngày vào Đảng”, “Chi bộ”."
)


def test_it_rejects_a_sheet_without_a_recognisable_header(world: World) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A2"] = "Danh sách đảng viên"
    workbook.active["A3"] = "Tên"
    workbook.active["B3"] = "Tuổi"
    out = io.BytesIO()
    workbook.save(out)
    assert_rejected(world, out.getvalue(), NO_HEADER.format(sheet="Sheet"))


def test_it_imports_a_utf8_csv_with_a_bom_and_semicolons(world: World) -> None:
    result = run(world, csv_bytes([row()], sep=";"), "ds.csv")
    assert result.ok, messages(result)
    assert Member.objects.get(card_number="30000001").given_name == "Hằng"


def test_it_imports_a_utf16_csv_with_its_bom(world: World) -> None:
    result = run(world, csv_bytes([row()], encoding="utf-16"), "ds.csv")
    assert result.ok, messages(result)
    assert result.created == 1


def _windows_1258(ch: str) -> str:
    """A character as Windows-1258 writes it: base letter (â, ơ, ư…) then its tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    decomposed = unicodedata.normalize("NFD", ch)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
    return base + "".join(c for c in decomposed if c in tones)


@pytest.mark.parametrize(("encoding", "sep"), [
    ("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("utf-16-le", ";"), ("cp1258", ";"),
    ("cp1258", ","),
])
def test_it_reads_a_csv_in_each_encoding_excel_writes(
    world: World, encoding: str, sep: str
) -> None:
    text = csv_bytes([row(Họ="Đặng", Tên="Hưởng")], sep=sep, encoding="utf-8-sig")
    text = text.decode("utf-8-sig")
    if encoding == "cp1258":  # Windows-1258 writes the tone marks as combining characters
        text = "".join(_windows_1258(ch) for ch in text)
    result = run(world, text.encode(encoding), "ds.csv")
    assert result.ok, messages(result)
    member = Member.objects.get(card_number="30000001")
    assert (member.family_name, member.given_name) == ("Đặng", "Hưởng")
    assert member.family_name == unicodedata.normalize("NFC", "Đặng")


def test_it_refuses_a_csv_in_an_encoding_it_cannot_tell(world: World) -> None:
    assert_rejected(
        world, "Họ;Tên\n".encode() + b"\x81\x8a\xff\xfe\x00;x\n",
        "Không nhận ra bảng mã của tệp CSV (không phải UTF-8, UTF-16 hay Windows-1258); hãy lưu "
        "lại với mã UTF-8 (trong Excel: “CSV UTF-8”).", name="ds.csv",
    )


# --------------------------------------------------------------------------- CLI


def test_the_command_imports_a_file_and_reports_counts(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "ds.xlsx"
    file.write_bytes(xlsx([row()]))
    call_command("roster", "import", str(file), "--org", world.committee.code)
    out, err = capsys.readouterr()
    assert "Đã thêm 1, cập nhật 0, không đổi 0 trong 1 dòng" in out
    assert "Đang đọc và kiểm tra từng dòng" in err
    assert Member.objects.filter(card_number="30000001").exists()
    assert AuditEntry.objects.filter(action="roster.import", actor__isnull=True).count() == 1


def test_the_command_lists_the_errors_and_fails_without_writing(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "ds.xlsx"
    file.write_bytes(xlsx([row(**{"Ngày sinh": "31/02/1980"})]))
    before = counts()
    with pytest.raises(CommandError, match="có 1 lỗi; không có gì được ghi"):
        call_command("roster", "import", str(file), "--org", world.committee.code, "--quiet")
    assert "Dòng 2, cột “Ngày sinh”: “31/02/1980” không phải là ngày hợp lệ." in (
        capsys.readouterr().err
    )
    assert counts() == before


def test_the_command_dry_run_writes_nothing(world: World, tmp_path: Path) -> None:
    file = tmp_path / "ds.csv"
    file.write_bytes(csv_bytes([row()]))
    before = counts()
    out = io.StringIO()
    call_command("roster", "import", str(file), "--org", "T-A", "--dry-run", "--quiet",
                 stdout=out)
    assert "Sẽ thêm 1" in out.getvalue()
    assert counts() == before


def test_the_command_refuses_an_unknown_organization(world: World, tmp_path: Path) -> None:
    file = tmp_path / "ds.csv"
    file.write_bytes(csv_bytes([row()]))
    with pytest.raises(CommandError, match="Không có tổ chức mã hoặc tên “NOPE”"):
        call_command("roster", "import", str(file), "--org", "NOPE")


# --------------------------------------------------------------------------- web


def _login(client: Client, user: Any) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def inline_jobs(monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path) -> None:
    """Uploads under ``tmp_path``; the tests' task backend runs each job at its enqueue."""
    settings.MEDIA_ROOT = tmp_path


def _upload(client: Client, world: World, data: bytes, name: str, **extra: Any) -> Any:
    return client.post(
        reverse("roster:import", args=[world.committee.code]),
        {"file": SimpleUploadedFile(name, data), **extra},
    )


def test_the_office_uploads_checks_previews_and_imports_without_uploading_again(
    client: Client, world: World, inline_jobs: None, tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _login(client, world.office)
    page = client.get(reverse("roster:import", args=[world.committee.code]))
    assert page.status_code == 200
    assert "Tệp mẫu Excel (.xlsx)" in page.content.decode()
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, world, xlsx([row()]), "ds.xlsx")
    check = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("roster:import_job",
                                           args=[world.committee.code, check.pk])
    assert (check.status, check.dry_run, check.created_by) == (
        ImportJob.Status.DONE, True, world.office)
    assert check.result["created"] == 1
    assert counts() == before  # a check writes nothing
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "Tệp không có lỗi. Chưa ghi gì; nếu nhập thì sẽ:" in html
    assert "Trần Thị Hằng" in html  # the preview
    assert "Chi bộ A1" in html  # the totals per cell
    assert reverse("roster:import_confirm", args=[world.committee.code, check.pk]) in html
    assert 'hx-trigger="every 1s"' not in html
    assert "<html" not in html
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("roster:import_confirm",
                                   args=[world.committee.code, check.pk]))
    job = ImportJob.objects.exclude(pk=check.pk).get()
    assert done["Location"] == reverse("roster:import_job", args=[world.committee.code, job.pk])
    assert (job.status, job.dry_run, job.result["created"]) == (ImportJob.Status.DONE, False, 1)
    assert job.stored_path == ""
    assert list(tmp_path.joinpath("imports").iterdir()) == []
    assert "Đã nhập xong" in client.get(done["Location"]).content.decode()
    assert Member.objects.filter(card_number="30000001").exists()
    again = client.post(reverse("roster:import_confirm", args=[world.committee.code, check.pk]))
    assert again.status_code == 409  # the checked file was imported once
    assert Member.objects.filter(card_number="30000001").count() == 1


def test_an_upload_with_errors_shows_them_by_row_and_column_and_writes_nothing(
    client: Client, world: World, inline_jobs: None, django_capture_on_commit_callbacks: Any,
) -> None:
    _login(client, world.office)
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, world, xlsx([row(**{"Ngày sinh": "31/02/1980"})]), "ds.xlsx")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["row"] == 2
    assert job.errors[0]["column"] == "Ngày sinh"
    page = client.get(response["Location"]).content.decode()
    assert "“31/02/1980” không phải là ngày hợp lệ." in page
    assert "Không có gì được ghi" in page
    assert counts()[:2] == before[:2]


def test_a_running_job_polls_every_second_and_shows_its_progress(
    client: Client, world: World
) -> None:
    job = ImportJob.objects.create(organization=world.committee, created_by=world.office,
                                   file_name="ds.xlsx", status=ImportJob.Status.RUNNING,
                                   phase="reading", done=3000, total=100000)
    _login(client, world.office)
    url = reverse("roster:import_job", args=[world.committee.code, job.pk])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{url}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert "Đang đọc và kiểm tra từng dòng… 3000/100000" in html


def test_the_form_refuses_a_file_of_another_type(
    client: Client, world: World, inline_jobs: None
) -> None:
    _login(client, world.office)
    response = _upload(client, world, b"%PDF-1.4", "ds.pdf")
    assert response.status_code == 200
    assert "Chỉ nhận tệp Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV (.csv)." in (
        response.content.decode()
    )
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("secretary_a", 403)])
def test_others_cannot_import_into_the_committee(
    client: Client, world: World, inline_jobs: None, who: str, status: int
) -> None:
    _login(client, getattr(world, who))
    code = world.committee.code
    job = ImportJob.objects.create(organization=world.committee, file_name="x.xlsx")
    before = counts()
    assert client.get(reverse("roster:import", args=[code])).status_code == status
    assert _upload(client, world, xlsx([row()]), "ds.xlsx").status_code == status
    assert client.get(reverse("roster:import_job", args=[code, job.pk])).status_code == status
    for name in ("import_remap", "import_confirm"):
        assert client.post(reverse(f"roster:{name}", args=[code, job.pk])).status_code == status
    assert client.get(reverse("roster:import_marked", args=[code, job.pk])).status_code == status
    assert client.get(reverse("roster:export", args=[code])).status_code == status
    assert client.get(reverse("roster:import_template", args=[code])).status_code == status
    assert counts() == before
    assert ImportJob.objects.count() == 1


def test_a_job_of_another_committee_is_not_found(client: Client, world: World) -> None:
    job = ImportJob.objects.create(organization=world.other_committee, file_name="x.xlsx")
    _login(client, world.office)
    url = reverse("roster:import_job", args=[world.committee.code, job.pk])
    assert client.get(url).status_code == 404


def test_a_job_silent_longer_than_the_limit_is_shown_interrupted_and_its_upload_deleted(
    client: Client, world: World, tmp_path: Path
) -> None:
    upload = tmp_path / "waiting.xlsx"
    upload.write_bytes(b"x")
    started = dt.datetime(2020, 3, 2, 8, 0, tzinfo=dt.UTC)
    with clock.frozen(started):
        stale = ImportJob.objects.create(
            organization=world.committee, created_by=world.office, file_name="cu.xlsx",
            status=ImportJob.Status.RUNNING, phase="reading", done=500,
            stored_path=str(upload))
        alive = ImportJob.objects.create(organization=world.committee, file_name="moi.xlsx",
                                         status=ImportJob.Status.PENDING)
    ImportJob.objects.filter(pk=stale.pk).update(updated_at=started)
    # the other job beat its heart a second later: at the limit it is not yet stale
    ImportJob.objects.filter(pk=alive.pk).update(updated_at=started + dt.timedelta(seconds=1))
    _login(client, world.office)
    url = reverse("roster:import_job", args=[world.committee.code, stale.pk])
    at_limit = started + dt.timedelta(seconds=1) + services.IMPORT_JOB_STALE_AFTER
    with clock.frozen(at_limit):
        html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert ImportJob.objects.get(pk=alive.pk).status == ImportJob.Status.PENDING
    assert ImportJob.objects.get(pk=stale.pk).status == ImportJob.Status.INTERRUPTED
    assert "Việc nhập bị gián đoạn" in html
    assert 'hx-trigger="every 1s"' not in html  # the page stops polling
    assert not upload.exists()
    entry = AuditEntry.objects.get(action="roster.import_interrupted")
    assert entry.data["done"] == 500
    assert audit_verify()[1] == []
    with clock.frozen(at_limit + dt.timedelta(microseconds=1)):
        page = client.get(reverse("roster:import", args=[world.committee.code]))
    assert ImportJob.objects.get(pk=alive.pk).status == ImportJob.Status.INTERRUPTED
    assert "Bị gián đoạn" in page.content.decode()


@pytest.mark.django_db(transaction=True)  # progress is not written inside a transaction
def test_progress_reports_beat_the_jobs_heart(
    world: World, inline_jobs: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    beats: list[Any] = []
    real = importing.roster_import

    def watched(**kwargs: Any) -> Any:
        def progress(phase: str, done: int, total: int | None) -> None:
            kwargs_progress(phase, done, total)
            beats.append(ImportJob.objects.get().updated_at)

        kwargs_progress = kwargs["progress"]
        return real(**{**kwargs, "progress": progress})

    monkeypatch.setattr(importing, "roster_import", watched)
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx([row()]))
    job = ImportJob.objects.create(organization=world.committee, file_name="ds.xlsx",
                                   stored_path=str(path))
    ticks = itertools.count()
    start = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    # the heartbeat is on the machine clock (clock.machine_now), never the demo clock
    monkeypatch.setattr(clock, "machine_now", lambda: start + dt.timedelta(seconds=next(ticks)))
    tasks.run_import_job(job.pk)
    # every phase reported outside the write's transaction moved the heartbeat on
    assert len(set(beats)) >= 2, beats
    assert beats == sorted(beats)


def test_each_new_members_history_is_written_to_that_member(world: World) -> None:
    # Forty rows, each with its own admission date and some not active: the keys the insert
    # draws (a sequence on PostgreSQL, RETURNING on SQLite) must pair each row with its history.
    rows = [row(Tên=f"Số{i}", **{"Số thẻ đảng viên": f"5{i:07d}",
                                 "Ngày vào Đảng": f"{1 + i % 28:02d}/0{1 + i % 9}/2010",
                                 "Ngày chính thức": f"{1 + i % 28:02d}/0{1 + i % 9}/2011",
                                 "Tình trạng": "Miễn công tác và sinh hoạt đảng" if i % 7 == 0
                                 else "Đang sinh hoạt"})
            for i in range(40)]
    result = run(world, xlsx(rows))
    assert result.ok, messages(result)
    for i in range(40):
        member = Member.objects.get(card_number=f"5{i:07d}")
        assert member.given_name == f"Số{i}"
        history = list(member.status_changes.order_by("effective_on", "id").values_list(
            "status", "effective_on"))
        assert history[0] == ("active", dt.date(2010, 1 + i % 9, 1 + i % 28))
        assert [s for s, _ in history[1:]] == (["exempted"] if i % 7 == 0 else [])
