"""The dossier in the page's language: on an English page its kinds and what is missing are
English, while the documents' titles and file names stay those of the printed (Vietnamese)
documents; the files (the index) are Vietnamese whatever the language of the page that asks."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from daihoi.reports.dossier import KIND_MINUTES, congress_dossier, index_pdf, printed_dossiers
from tests.conftest import World
from tests.elections.factories import make_election
from tests.test_printed import _pdf_text


def test_an_english_page_says_what_is_missing_in_english_of_vietnamese_documents(
        world: World) -> None:
    s = make_election(world.cell_a, seats=3, names=4, board=2)
    congress = s.election.congress
    with translation.override("vi"):
        vi = next(i for i in congress_dossier(congress).items if i.kind == KIND_MINUTES)
        vi_title = s.election.title
    with translation.override("en"):
        en = next(i for i in congress_dossier(congress).items if i.kind == KIND_MINUTES)
        printed = printed_dossiers(congress)
        index = " ".join(_pdf_text(index_pdf(printed[0])).split())
    assert (en.title, en.stem) == (vi.title, vi.stem)  # the printed document's, in Vietnamese
    assert en.title == f"Biên bản kiểm phiếu — {vi_title}, lần bỏ phiếu thứ 1"
    assert vi.missing[0].startswith("Lần bỏ phiếu chưa kiểm phiếu xong (tình trạng: ")
    assert en.missing[0].startswith("The round's count is not finished (status: ")
    printed_minutes = next(i for i in printed[0].items if i.kind == KIND_MINUTES)
    assert printed_minutes.missing == vi.missing
    assert "Lần bỏ phiếu chưa kiểm phiếu xong" in index
    assert "count is not finished" not in index

    office = Client()
    office.force_login(world.office)
    office.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = office.get(reverse("reports:dossier", args=[congress.pk])).content.decode()
    assert f'<span lang="vi">{vi.title}</span>' in page
    assert "<td>Counting minutes</td>" in page
    assert "The round&#x27;s count is not finished (status: " in page
    assert "Lần bỏ phiếu chưa kiểm phiếu xong" not in page
    assert "Audit log: " in page
    answer = office.get(reverse("reports:dossier_file",
                                args=[congress.pk, "00-danh-muc-ho-so.pdf"]))
    assert " ".join(_pdf_text(answer.content).split()) == index
