"""The credentials committee's report in full (R-150 to R-152): the committee, what it
examined, the delegates summoned ("triệu tập") by source, those not summoned and why, the
alternates seated, those present ("có mặt") only once the check-in has begun, the composition,
the conclusion; signed by the committee's head from the records. Before the delegate list
exists: a page that says so, never a half-filled report."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from daihoi.core.errors import ServiceError
from daihoi.core.printing import BLANK_NAME
from daihoi.delegates import selectors, services
from daihoi.delegates.models import DelegateSource, VoteSubject
from daihoi.delegates.printing import credentials_docx, credentials_pdf
from tests.conftest import PASSWORD, World
from tests.delegates.factories import (
    Day,
    bulk_delegates,
    bulk_members,
    delegates_congress,
    make_day,
)


def _pdf_text(day: Day) -> str:
    pdf = PdfReader(io.BytesIO(credentials_pdf(selectors.credentials_report(day.congress))))
    return " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())


def _docx_text(day: Day) -> str:
    doc = Document(io.BytesIO(credentials_docx(selectors.credentials_report(day.congress))))
    cells = [p.text for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    return " ".join(" ".join([*(p.text for p in doc.paragraphs), *cells]).split())


@pytest.fixture
def day(world: World) -> Day:
    day = make_day(world.cell_a, n=10)
    services.delegate_set_not_summoned(actor=None, delegate=day.delegates[9],
                                       reason="Bị đình chỉ sinh hoạt đảng")
    return day


def test_before_the_check_in_it_reports_who_is_summoned_and_no_one_as_present(day: Day
                                                                               ) -> None:
    for text in (_pdf_text(day), _docx_text(day)):
        assert "Tổng số đại biểu chính thức được triệu tập: 9, trong đó:" in text
        assert "Do đại hội chi bộ bầu: 9" in text
        assert (f"Đồng chí {day.delegates[9].member.full_name}: Bị đình chỉ sinh hoạt đảng."
                in text)
        assert "Đại hội chưa điểm danh" in text
        assert "có mặt tại" not in text
        # the ethnic-minority line lists minorities only
        assert "Dân tộc Tày" in text
        assert "Dân tộc Kinh" not in text
        assert "I. CÔNG VIỆC THẨM TRA" in text
        assert "III. KẾT LUẬN" in text
        assert "Ban Thẩm tra chưa ghi kết luận" in text
        assert "DỰ THẢO" in text


def test_present_is_counted_from_the_check_in_of_the_latest_session(day: Day) -> None:
    for d in day.delegates[:7]:
        services.delegate_check_in(actor=None, session=day.official, delegate=d)
    absent = day.delegates[7].member.full_name, day.delegates[8].member.full_name
    text = _pdf_text(day)
    assert (f"Số đại biểu có mặt tại phiên chính thức: 7/9 đại biểu được triệu tập dự Đại "
            f"hội; vắng mặt: 2 ({absent[0]}; {absent[1]})." in text)
    # summoned stays summoned: 9, whoever came
    assert "Tổng số đại biểu chính thức được triệu tập: 9" in text


def test_it_names_the_committee_and_is_signed_by_its_head_with_the_conclusion(day: Day
                                                                              ) -> None:
    assert BLANK_NAME in _pdf_text(day)  # no committee recorded: a blank line, not a name
    services.show_of_hands_record(
        actor=None, congress=day.congress, subject=VoteSubject.CREDENTIALS_COMMITTEE,
        title="Bầu Ban Thẩm tra", names="Trần Văn Bình\nLê Thị Cúc\nPhạm Văn Dũng",
        present=9, in_favour=9, session=day.preparatory)
    services.credentials_conclude(actor=None, congress=day.congress,
                                  text="Các đại biểu được triệu tập đủ tư cách.", recognised=9)
    for text in (_pdf_text(day), _docx_text(day)):
        assert ("Ban Thẩm tra tư cách đại biểu do Đại hội bầu gồm 3 đồng chí: đồng chí Trần "
                "Văn Bình (Trưởng ban); đồng chí Lê Thị Cúc; đồng chí Phạm Văn Dũng." in text)
        assert "Các đại biểu được triệu tập đủ tư cách." in text
        assert "công nhận tư cách đại biểu của 9 đồng chí" in text
        assert text.index("T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU TRƯỞNG BAN") < text.rindex(
            "Trần Văn Bình")
        assert BLANK_NAME not in text
        assert "Nơi nhận:" in text


def test_a_seated_alternate_is_named_with_the_delegate_it_replaces(day: Day) -> None:
    cell = day.cell_congress.organization
    alternate = bulk_delegates(day.congress, bulk_members(cell, 1),
                               source=DelegateSource.ALTERNATE,
                               elected_by=day.cell_congress)[0]
    try:
        services.delegate_replace(actor=None, absent=day.delegates[8], alternate=alternate)
    except ServiceError as exc:  # pragma: no cover - the factory's data are meant to allow it
        pytest.fail(exc.message)
    report = selectors.credentials_report(day.congress)
    assert report.summons.summoned == 9  # the absent official was summoned
    assert report.summons.seats == 9  # 8 officials and the alternate sit
    text = _pdf_text(day)
    assert (f"Đồng chí {alternate.member.full_name} thay đồng chí "
            f"{day.delegates[8].member.full_name} (vắng mặt cả Đại hội)." in text)


def test_before_the_delegate_list_exists_it_says_what_is_missing(client: Client,
                                                                 world: World) -> None:
    congress = delegates_congress(world.committee)
    with pytest.raises(ServiceError):
        credentials_pdf(selectors.credentials_report(congress))
    assert client.login(username=world.office.username, password=PASSWORD)
    for name in ("delegates:credentials_pdf", "delegates:credentials_docx"):
        response = client.get(reverse(name, args=[congress.pk]))
        assert response["Content-Type"].startswith("text/html")
        page = response.content.decode()
        assert "Chưa có danh sách đại biểu của Đại hội" in page


