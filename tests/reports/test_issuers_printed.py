"""Each printed document of the demo names the body that issues it (``congress.issuers``) in
its heading, as the PDF prints it: the left column's text top to bottom, and its bold line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.reports import pdfchecks

pytestmark = pytest.mark.django_db

ORG = "ĐẢNG BỘ KHỐI CHÍNH QUYỀN HUYỆN"
CONGRESS = "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X"
#: The number slot of a document not issued, as the PDF's text has it (spaces collapsed).
NO = "Số -"


@dataclass
class Demo:
    congress: Any
    items: dict[str, Any]  # file stem (without its number) → dossier item, committee's
    pilot: dict[str, Any]  # the pilot cell congress's


def _by_stem(dossier: Any) -> dict[str, Any]:
    return {item.stem.split("-", 1)[1]: item for item in dossier.items}


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Demo]:
    from daihoi.congress.demo import build_demo_congress
    from daihoi.delegates.demo import build_demo_delegates
    from daihoi.documents.demo import build_demo_documents
    from daihoi.elections.demo import build_demo_elections
    from daihoi.personnel.demo import build_demo_personnel
    from daihoi.reports.dossier import printed_dossiers
    from daihoi.roster.demo import build_demo_roster

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            build_demo_roster()
            congress, _ = build_demo_congress()
            build_demo_documents()
            build_demo_personnel()
            build_demo_delegates()
            build_demo_elections()
            folders = {d.folder: d for d in printed_dossiers(congress)}
            yield Demo(congress, _by_stem(folders["dbkcq-dang-bo-khoi-chinh-quyen-huyen"]),
                       _by_stem(folders["cb-tckh-chi-bo-tai-chinh-ke-hoach"]))
            transaction.set_rollback(True)


def _column(item: Any) -> tuple[str, str]:
    assert item.ready, item.missing
    data = item.pdf()
    assert pdfchecks.heading_overlap(data) == ""
    return pdfchecks.issuer_column(data)


def _one(items: dict[str, Any], prefix: str) -> Any:
    found = [item for stem, item in items.items() if stem.startswith(prefix)]
    assert found, prefix
    return found[0]


def test_the_counting_minutes_are_the_counting_board_s(demo: Demo) -> None:
    text, bold = _column(_one(demo.items, "bien-ban-kiem-phieu-bau-ban-chap-hanh"))
    assert text == (f"{ORG} {CONGRESS} BAN KIỂM PHIẾU * {NO}BB/ĐH "
                    "Nhiệm kỳ 2020–2025")
    assert bold == "BAN KIỂM PHIẾU"


def test_the_conference_minutes_are_the_new_executive_committee_s(demo: Demo) -> None:
    text, bold = _column(_one(demo.items, "bien-ban-kiem-phieu-bau-ban-thuong-vu"))
    assert text == (f"{ORG} BAN CHẤP HÀNH KHÓA X * {NO}BB/ĐU "
                    "Hội nghị lần thứ nhất")
    assert bold == "BAN CHẤP HÀNH KHÓA X"


def test_the_credentials_report_is_the_credentials_committee_s(demo: Demo) -> None:
    text, bold = _column(demo.items["tham-tra-tu-cach"])
    assert text == f"{ORG} {CONGRESS} BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU * {NO}BC/ĐH"
    assert bold == "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU"
    # too long for one line in bold, it breaks where the sign-off breaks it
    columns = pdfchecks.heading_columns(demo.items["tham-tra-tu-cach"].pdf())
    assert not isinstance(columns, str)
    assert [f.text for f in columns[0] if f.font.endswith("Bold")] == [
        "BAN THẨM TRA", "TƯ CÁCH ĐẠI BIỂU"]


def test_the_programme_is_the_congress_s(demo: Demo) -> None:
    text, bold = _column(demo.items["chuong-trinh"])
    assert text == f"{ORG} {CONGRESS} * {NO}CTr/ĐH"
    assert bold == CONGRESS


def test_the_resolution_is_the_congress_s(demo: Demo) -> None:
    from daihoi.reports.resolution import resolution_pdf, resolution_state

    data = resolution_pdf(resolution_state(demo.congress))  # a draft: not adopted in the demo
    assert pdfchecks.heading_overlap(data) == ""
    text, bold = pdfchecks.issuer_column(data)
    assert text == f"{ORG} {CONGRESS} * {NO}NQ/ĐH"
    assert bold == CONGRESS


def test_the_list_of_the_elected_is_the_counting_board_s(demo: Demo) -> None:
    text, bold = _column(_one(demo.items, "danh-sach-trung-cu-bau-ban-chap-hanh"))
    assert text == f"{ORG} {CONGRESS} BAN KIỂM PHIẾU * {NO}DS/ĐH"
    assert bold == "BAN KIỂM PHIẾU"


def test_the_first_conference_s_list_of_the_elected_is_the_new_committee_s(demo: Demo
                                                                          ) -> None:
    item = _one(demo.items, "danh-sach-trung-cu-bau-ban-thuong-vu")
    text, bold = _column(item)
    assert text == f"{ORG} BAN CHẤP HÀNH KHÓA X * {NO}DS/ĐU Hội nghị lần thứ nhất"
    assert bold == "BAN CHẤP HÀNH KHÓA X"
    assert "T/M BAN KIỂM PHIẾU" in " ".join(f.text for f in pdfchecks.fragments(item.pdf()))


def test_a_personnel_plan_is_the_executive_committee_s(demo: Demo) -> None:
    text, bold = _column(_one(demo.items, "de-an-nhan-su"))
    assert text == f"ĐẢNG BỘ HUYỆN {ORG.replace('ĐẢNG BỘ', 'ĐẢNG ỦY')} * {NO}ĐA/ĐU"
    assert bold == "ĐẢNG ỦY KHỐI CHÍNH QUYỀN HUYỆN"


def test_a_summary_of_opinions_is_the_documents_sub_committee_s(demo: Demo) -> None:
    item = next(item for stem, item in demo.items.items()
                if stem.startswith("tong-hop-y-kien-") and not stem.endswith("cap-tren"))
    text, bold = _column(item)
    assert text == f"ĐẢNG ỦY KHỐI CHÍNH QUYỀN HUYỆN TIỂU BAN VĂN KIỆN * {NO}BC/ĐU"
    assert bold == "TIỂU BAN VĂN KIỆN"
    # the upper level's drafts: the committee reports them
    text, bold = _column(demo.items["tong-hop-y-kien-cap-tren"])
    assert bold == "ĐẢNG ỦY KHỐI CHÍNH QUYỀN HUYỆN"


def test_a_cell_s_documents_stand_under_its_party_committee(demo: Demo) -> None:
    text, bold = _column(_one(demo.pilot, "bien-ban-kiem-phieu-"))
    assert text.startswith(f"{ORG} ĐẠI HỘI CHI BỘ TÀI CHÍNH - KẾ HOẠCH LẦN THỨ X BAN KIỂM "
                           "PHIẾU *")
    assert bold == "BAN KIỂM PHIẾU"
    text, bold = _column(demo.pilot["danh-sach-trieu-tap"])
    assert text == f"{ORG} CHI BỘ TÀI CHÍNH - KẾ HOẠCH * {NO}DS/ĐU"
    assert bold == "CHI BỘ TÀI CHÍNH - KẾ HOẠCH"
