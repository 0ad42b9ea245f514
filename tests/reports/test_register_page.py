"""The office's register page: the congress's documents with "Ban hành" for those ready, the
register of the organization; a document with something missing is refused."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from daihoi.congress import register
from daihoi.congress.models import OutgoingDocument
from daihoi.elections.printing import minutes_pdf
from tests.conftest import PASSWORD, World
from tests.congress.factories import make_congress
from tests.reports.test_resolution import _announced


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
                    .split())


def test_the_office_issues_the_minutes_which_then_print_their_number(
        client: Client, world: World) -> None:
    congress = make_congress(world.committee)
    rnd = _announced(world, congress)
    assert "DỰ THẢO" in _text(minutes_pdf(rnd))
    assert client.login(username=world.office.username, password=PASSWORD)
    url = reverse("reports:register", args=[congress.pk])
    page = client.get(url).content.decode()
    assert "Biên bản kiểm phiếu" in page
    assert "Ban hành" in page
    response = client.post(reverse("reports:document_issue", args=[congress.pk]), {
        "kind": "minutes", "ref": rnd.pk, "summary": "Biên bản kiểm phiếu bầu Ban Chấp hành",
        "issued_on": "10/06/2020"})
    assert response.status_code == 302
    entry = OutgoingDocument.objects.get()
    assert (entry.number, entry.symbol, entry.ref) == (1, "BB/ĐH", rnd.pk)
    assert entry.issued_by == world.office
    text = _text(minutes_pdf(rnd))
    assert "Số 1-BB/ĐH" in text
    assert "DỰ THẢO" not in text
    page = client.get(url).content.decode()
    assert "Số 1-BB/ĐH" in page
    assert "Biên bản kiểm phiếu bầu Ban Chấp hành" in page


def test_a_document_with_something_missing_is_not_issued(client: Client, world: World) -> None:
    congress = make_congress(world.committee)
    assert client.login(username=world.office.username, password=PASSWORD)
    page = client.get(reverse("reports:register", args=[congress.pk])).content.decode()
    assert "Chưa có văn kiện “Dự thảo Nghị quyết Đại hội”." in page
    response = client.post(reverse("reports:document_issue", args=[congress.pk]), {
        "kind": "resolution", "ref": 0, "summary": "Nghị quyết", "issued_on": "10/06/2020"},
        follow=True)
    assert "Chưa ban hành được" in response.content.decode()
    assert not OutgoingDocument.objects.exists()
    # an entry written by a command (no user) is listed too
    register.document_issue(actor=None, congress=congress, kind="programme",
                            summary="Chương trình làm việc", on=dt.date(2020, 6, 9))
    page = client.get(reverse("reports:register", args=[congress.pk])).content.decode()
    assert "Chương trình làm việc" in page
    assert "Số 1-CTr/ĐH" in page


def test_the_cell_secretary_cannot_issue(client: Client, world: World) -> None:
    congress = make_congress(world.committee)
    assert client.login(username=world.secretary_a.username, password=PASSWORD)
    response: Any = client.post(reverse("reports:document_issue", args=[congress.pk]), {
        "kind": "programme", "ref": 0, "summary": "x", "issued_on": "10/06/2020"})
    assert response.status_code == 404
    assert not OutgoingDocument.objects.exists()
