"""Every page and every printed document of the demo, opened as the office and as the counting
board's head would: each PDF is set in one typeface family, and no page or document shows an
internal rule identifier ("R-030")."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver

from daihoi.core.printing import FONT_FAMILY
from tests.demo_walk import build_demo, fill, walk

#: The database is set up for this module's tests (the demo is built once, in the module's
#: fixture, and rolled back at its end).
pytestmark = pytest.mark.django_db

RULE_CODE = re.compile(r"\bR-\d{3}")


@dataclass
class Opened:
    """What the walk fetched: url → (content type, body)."""

    pages: dict[str, str] = field(default_factory=dict)
    pdfs: dict[str, bytes] = field(default_factory=dict)
    docx: dict[str, bytes] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)  # the walk's congress_pk, plan_pk


def _open_all(client: Client, who: str, values: dict[str, Any], opened: Opened) -> None:
    for route in walk(get_resolver().url_patterns):
        url = fill(route, values)
        if url is None or url.startswith(("/admin", "/static")):
            continue
        response = client.get(url)
        key = f"{who} {url}"
        opened.statuses[key] = response.status_code
        kind = response.get("Content-Type", "")
        body = response.getvalue()  # streamed (a FileResponse) or not
        if "pdf" in kind:
            opened.pdfs[key] = body
        elif "wordprocessingml" in kind:
            opened.docx[key] = body
        elif "html" in kind:
            opened.pages[key] = body.decode()


@pytest.fixture(scope="module")
def opened(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Opened]:
    """The whole demo, built once for the module, walked as the office and as the counting
    board's head; every response kept."""
    from daihoi.roster.demo import DEMO_PASSWORD

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            demo = build_demo()
            walks = demo.walks
            out = Opened(ids=demo.ids)
            for username in ("vanphong", "bkp.truongban"):
                client = Client()
                assert client.login(username=username, password=DEMO_PASSWORD)
                for values in walks:
                    _open_all(client, username, values, out)
            if os.environ.get("DAIHOI_KEEP_PRINTED"):  # to look at them: a folder
                keep = Path(os.environ["DAIHOI_KEEP_PRINTED"])
                keep.mkdir(parents=True, exist_ok=True)
                for url, data in (*out.pdfs.items(), *out.docx.items()):
                    (keep / url.replace(" /", "_").replace("/", "_")).write_bytes(data)
            if os.environ.get("DAIHOI_KEEP_PRINTED"):
                (keep / "statuses.txt").write_text(
                    "\n".join(f"{code} {url}" for url, code in out.statuses.items()))
            yield out
            transaction.set_rollback(True)


def _pdf_fonts(data: bytes) -> set[str]:
    from pypdf import PdfReader

    names: set[str] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            base = str(ref.get_object()["/BaseFont"]).lstrip("/")
            names.add(base.split("+", 1)[-1])
    return names


def _family(base_font: str) -> str:
    """The family of a PDF base font name: ``ABCDEF+Tinos-BoldItalic`` → ``Tinos``."""
    return re.split(r"[-,]", base_font, maxsplit=1)[0]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_walk_opens_every_kind_of_printed_document(opened: Opened) -> None:
    kinds = {key.rsplit("/", 1)[-1] for key in (*opened.pdfs, *opened.docx)}
    assert {"chuong-trinh.pdf", "chuong-trinh.docx", "tham-tra.pdf", "tham-tra.docx",
            "the-dai-bieu.pdf", "tong-hop.pdf", "tong-hop.docx", "gop-y-cap-tren.pdf",
            "phieu-bau.pdf", "bien-ban.pdf", "bien-ban.docx", "de-an.pdf", "de-an.docx",
            "nghi-quyet.pdf", "nghi-quyet.docx"} <= kinds
    opened_ok = [key for key, status in opened.statuses.items() if status == 200]
    assert len(opened_ok) > 80


def test_every_pdf_is_set_in_the_one_shipped_typeface(opened: Opened) -> None:
    families = {url: {_family(name) for name in _pdf_fonts(data)}
                for url, data in opened.pdfs.items()}
    assert {url: f for url, f in families.items() if f != {FONT_FAMILY}} == {}


def test_the_font_check_sees_a_second_family() -> None:
    from reportlab.pdfgen.canvas import Canvas

    from daihoi.core.printing.fonts import pdf_faces

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont(pdf_faces()[0], 12)
    canvas.drawString(100, 700, "Đảng")
    canvas.setFont("Helvetica", 12)
    canvas.drawString(100, 680, "x")
    canvas.save()
    assert {_family(n) for n in _pdf_fonts(buffer.getvalue())} == {FONT_FAMILY, "Helvetica"}


def test_no_page_shows_a_rule_identifier(opened: Opened) -> None:
    found = {url: RULE_CODE.findall(html) for url, html in opened.pages.items()}
    assert {url: codes for url, codes in found.items() if codes} == {}


def test_no_printed_document_shows_a_rule_identifier(opened: Opened) -> None:
    found = {url: RULE_CODE.findall(_pdf_text(data)) for url, data in opened.pdfs.items()}
    found |= {url: RULE_CODE.findall(_docx_text(data)) for url, data in opened.docx.items()}
    assert {url: codes for url, codes in found.items() if codes} == {}


def test_no_template_or_translation_carries_a_rule_identifier() -> None:
    """Pages the walk cannot reach in the demo's state (forms with errors, other rounds) are
    made of these; comments ({# #}) may name the rules."""
    root = Path(__file__).resolve().parent.parent / "src" / "daihoi"
    comment = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.S)
    found = {str(p.relative_to(root)): RULE_CODE.findall(comment.sub("", p.read_text()))
             for p in root.rglob("*.html")}
    po = re.sub(r"^#.*$", "", (root / "locale/en/LC_MESSAGES/django.po").read_text(), flags=re.M)
    found["django.po"] = RULE_CODE.findall(po)
    assert {name: codes for name, codes in found.items() if codes} == {}


#: A decimal written with a point ("97.13", "20.00", "37.9"): Vietnamese writes a comma.
DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])")


def _visible(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_decimal_check_sees_a_point_and_not_a_thousands_dot() -> None:
    assert DECIMAL_POINT.findall("97.13 (20.00%) 37.9") == ["97.13", "20.00", "37.9"]
    assert DECIMAL_POINT.findall("97,13 1.234 1.234.567 12/05/2020 20,00%") == []


def test_no_page_or_document_writes_a_decimal_point(opened: Opened) -> None:
    found = {url: DECIMAL_POINT.findall(_visible(html)) for url, html in opened.pages.items()}
    found |= {url: DECIMAL_POINT.findall(_pdf_text(data)) for url, data in opened.pdfs.items()}
    found |= {url: DECIMAL_POINT.findall(_docx_text(data)) for url, data in opened.docx.items()}
    assert {url: points for url, points in found.items() if points} == {}


def _heading_cells(data: bytes) -> list[str]:
    from docx import Document

    return [c.text for c in Document(io.BytesIO(data)).tables[0].rows[0].cells]


def test_the_credentials_report_is_the_credentials_committee_s_with_its_number_slot(
    opened: Opened
) -> None:
    left, _, right = _heading_cells(opened.docx[
        f"vanphong /dai-bieu/dai-hoi/{opened.ids['congress_pk']}/tham-tra.docx"])
    # Names too long for the column carry the balanced breaks (no-break spaces inside a line).
    assert left.split("\n") == ["ĐẢNG\u00a0BỘ\u00a0KHỐI CHÍNH\u00a0QUYỀN\u00a0HUYỆN",
                                "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X",
                                "BAN\u00a0THẨM\u00a0TRA TƯ\u00a0CÁCH\u00a0ĐẠI\u00a0BIỂU", "*",
                                "Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/ĐH"]
    assert right.startswith("ĐẢNG CỘNG SẢN VIỆT NAM")


def test_an_unissued_personnel_plan_leaves_its_number_to_be_filled(opened: Opened) -> None:
    left, _, _ = _heading_cells(opened.docx[
        f"vanphong /nhan-su/de-an/{opened.ids['plan_pk']}/de-an.docx"])
    assert left.split("\n")[-1] == "Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-ĐA/ĐU"
