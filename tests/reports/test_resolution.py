"""The congress's resolution: a draft until the text is finalized, every election announced and
the adoption voted; then the official text with what the congress elected and the vote."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as Docx
from pypdf import PdfReader

from daihoi.congress import register
from daihoi.delegates import services as day_services
from daihoi.delegates.models import VoteSubject
from daihoi.documents import services as document_services
from daihoi.documents.models import DocumentKind
from daihoi.elections import services as election_services
from daihoi.reports.resolution import resolution_docx, resolution_pdf, resolution_state
from tests.conftest import PASSWORD, World
from tests.congress.factories import SECTIONS, make_document
from tests.elections.factories import (
    key_all,
    make_congress,
    make_election,
    random_lines,
    to_counting,
)


def _pdf(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
                    .split())


def _docx(data: bytes) -> str:
    """The text of the body's paragraphs and tables (the heading, the sign-off)."""
    doc = Docx(io.BytesIO(data))
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return " ".join(" ".join([*(p.text for p in doc.paragraphs), *cells]).split())


def _announced(world: World, congress: Any) -> Any:
    s = make_election(world.cell_a, congress=congress, seats=3, names=4)
    to_counting(s, summoned=10, issued=10, collected=10)
    lines = random_lines(10, names=4, max_kept=3, seed=5)
    key_all(s, lines, desk_index=0)
    key_all(s, lines, desk_index=1)
    rnd = election_services.round_reconcile(actor=None, rnd=s.round)
    return election_services.round_announce(actor=None, rnd=rnd)


@pytest.fixture
def congress(world: World) -> Any:
    return make_congress(world.committee)


def test_until_everything_is_recorded_it_prints_as_a_draft_listing_what_is_missing(
    world: World, congress: Any
) -> None:
    state = resolution_state(congress)
    assert not state.adopted
    assert any("Dự thảo Nghị quyết Đại hội" in m for m in state.missing)
    assert any("biểu quyết thông qua" in m for m in state.missing)
    text = _pdf(resolution_pdf(state))
    assert "DỰ THẢO" in text
    assert "Nghị quyết chưa được Đại hội biểu quyết thông qua." in text
    assert "NQ/ĐH" in text
    document, _ = make_document(congress, cells=[], deadline=congress.opens_at,
                                kind=DocumentKind.DRAFT_RESOLUTION)
    make_election(world.cell_a, congress=congress, seats=3, names=4)
    state = resolution_state(congress)
    assert f"Văn kiện “{document.title}” chưa được hoàn thiện." in state.missing
    assert any("chưa công bố đủ kết quả (0/3)" in m for m in state.missing)


def test_the_adopted_resolution_has_the_text_the_elected_and_the_vote(
    world: World, congress: Any
) -> None:
    document, _ = make_document(congress, cells=[], deadline=congress.opens_at,
                                kind=DocumentKind.DRAFT_RESOLUTION)
    document_services.document_finalize(actor=None, document=document)
    rnd = _announced(world, congress)
    day_services.show_of_hands_record(actor=None, congress=congress,
                                      subject=VoteSubject.PRESIDIUM, title="Bầu Đoàn Chủ tịch",
                                      names="Lương Văn Ngân\nTrần Thị Hà", present=10,
                                      in_favour=10)
    day_services.show_of_hands_record(actor=None, congress=congress,
                                      subject=VoteSubject.RESOLUTION,
                                      title="Thông qua Nghị quyết Đại hội", present=10,
                                      in_favour=9, against=1)
    state = resolution_state(congress)
    assert state.missing == []
    # adopted but not issued yet: still a draft, its number left blank
    assert "DỰ THẢO" in _pdf(resolution_pdf(state))
    register.document_issue(actor=None, congress=congress, kind="resolution",
                            summary="Nghị quyết Đại hội", on=dt.date(2020, 6, 12))
    for text in (_pdf(resolution_pdf(state)), _docx(resolution_docx(state))):
        assert "DỰ THẢO" not in text
        assert "Số 1-NQ/ĐH" in text
        assert "ngày 12 tháng 6 năm 2020" in text  # the date of issue
        assert "QUYẾT NGHỊ:" in text
        for section in SECTIONS:
            assert section.heading in text
            assert section.body in text
        elected = rnd.result["elected"]
        assert f"Đại hội đã bầu Ban Chấp hành {world.committee.name} khóa X gồm " \
               f"{len(elected)} đồng chí: {', '.join(elected)}." in text
        assert "9/10 đại biểu có mặt tán thành (90,00%), 1 không tán thành" in text
        assert "Lương Văn Ngân" in text


def test_the_office_opens_the_page_and_downloads_both_files(
    client: Client, world: World, congress: Any
) -> None:
    assert client.login(username=world.office.username, password=PASSWORD)
    page = client.get(reverse("reports:resolution", args=[congress.pk])).content.decode()
    assert "Chưa in được bản chính thức" in page
    pdf = client.get(reverse("reports:resolution_pdf", args=[congress.pk]))
    assert pdf.content[:4] == b"%PDF"
    docx = client.get(reverse("reports:resolution_docx", args=[congress.pk]))
    assert docx.content[:2] == b"PK"
    client.logout()
    assert client.login(username=world.secretary_a.username, password=PASSWORD)
    assert client.get(reverse("reports:resolution", args=[congress.pk])).status_code == 404
