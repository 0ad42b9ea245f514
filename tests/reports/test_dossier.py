"""The congress dossier over the demo: every congress's folder with every document that can be
printed and an index saying what is missing; the command line and the ZIP write the same files;
and every PDF passes the checks a clerk makes (the heading's columns apart, one typeface, no
rule code, decimal commas, the signature with body text) with its DOCX saying the same."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from daihoi.core.printing import FONT_FAMILY
from tests.reports import pdfchecks
from tests.test_printed import DECIMAL_POINT, RULE_CODE, _family, _pdf_fonts, _pdf_text

pytestmark = pytest.mark.django_db


@dataclass
class Demo:
    congress: Any
    dossiers: list[Any]
    files: dict[str, bytes]  # path in the dossier → bytes


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Demo]:
    """The demo built once for the module; its dossier written once."""
    from daihoi.congress.demo import build_demo_congress
    from daihoi.delegates.demo import build_demo_delegates
    from daihoi.documents.demo import build_demo_documents
    from daihoi.elections.demo import build_demo_elections
    from daihoi.personnel.demo import build_demo_personnel
    from daihoi.reports.dossier import dossiers, files
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
            all_dossiers = dossiers(congress)
            written = {name: writer() for name, writer in files(all_dossiers)}
            yield Demo(congress, all_dossiers, written)
            transaction.set_rollback(True)


def _pdfs(demo: Demo) -> dict[str, bytes]:
    return {k: v for k, v in demo.files.items() if k.endswith(".pdf")}


# --------------------------------------------------------------------------- contents


def test_the_dossier_has_a_folder_per_congress_and_says_what_is_missing(demo: Demo) -> None:
    by_folder = {d.folder: d for d in demo.dossiers}
    assert len(by_folder) == 22  # the committee's and its 21 cells'
    committee = demo.dossiers[0]
    assert committee.folder == "dbkcq-dang-bo-khoi-chinh-quyen-huyen"
    assert (committee.ready, len(committee.items)) == (21, 28)
    kinds = [i.kind for i in committee.items if i.ready]
    # the congress day held: the executive committee counted at the congress, the standing
    # committee, secretary and deputy at the first conference; the delegates' election open
    counted = ["Phiếu bầu", "Biên bản kiểm phiếu", "Danh sách trúng cử"]
    assert kinds == ["Chương trình", "Báo cáo tổng hợp ý kiến", "Báo cáo tổng hợp ý kiến",
                     "Đề án nhân sự", "Đề án nhân sự", "Đề án nhân sự", "Danh sách triệu tập",
                     "Báo cáo thẩm tra tư cách", *counted, "Phiếu bầu", *counted * 3]
    assert all(i.confidential for i in committee.items if i.kind == "Đề án nhân sự")
    waiting = {i.title: i.missing for i in committee.items if not i.ready}
    assert waiting["Nghị quyết Đại hội"][-1].startswith("Chưa ghi biểu quyết thông qua")
    minutes = [t for t in waiting if t.startswith("Biên bản kiểm phiếu")]
    assert len(minutes) == 1  # the delegates' election, not counted yet
    assert all("chưa kiểm phiếu xong" in waiting[t][0] for t in minutes)
    pilot = by_folder["cb-tckh-chi-bo-tai-chinh-ke-hoach"]
    # the pilot cell's committee, secretary, deputy and delegates (a second round for the
    # last alternate place) counted
    counted_rounds = [("Phiếu bầu", True), ("Biên bản kiểm phiếu", True)]
    elected = [("Danh sách trúng cử", True)]
    assert [(i.kind, i.ready) for i in pilot.items] == [
        ("Chương trình", False), ("Danh sách triệu tập", True),
        *(counted_rounds + elected) * 3, *counted_rounds * 2, *elected, ("Nghị quyết", False)]
    empty = by_folder["cb-vp-chi-bo-van-phong-hdnd-va-ubnd"]
    assert (empty.ready, len(empty.items)) == (0, 4)


def test_only_ready_documents_are_written_pdf_and_docx_with_an_index(demo: Demo) -> None:
    expected = set()
    for d in demo.dossiers:
        expected.add(f"{d.folder}/00-danh-muc-ho-so.pdf")
        for item in d.items:
            expected |= {f"{d.folder}/{name}" for name in item.files}
            if not item.ready:
                assert not any(k.startswith(f"{d.folder}/{item.stem}.") for k in demo.files)
    assert set(demo.files) == expected
    # 22 indexes; the committee's 16 documents in PDF and DOCX and 5 ballots (PDF only); the
    # pilot cell's 10 documents in PDF and DOCX and its 5 ballots
    assert len(demo.files) == 22 + (16 * 2 + 5) + (10 * 2 + 5)
    ballots = [k for k in demo.files if "/" in k and k.split("/")[1][3:].startswith("phieu-bau")]
    assert len(ballots) == 10
    assert all(k.endswith(".pdf") for k in ballots)


def test_the_index_lists_every_document_and_prints_the_audit_head(demo: Demo) -> None:
    from daihoi.audit.selectors import audit_head

    text = " ".join(_pdf_text(demo.files[
        "dbkcq-dang-bo-khoi-chinh-quyen-huyen/00-danh-muc-ho-so.pdf"]).split())
    assert "DANH MỤC HỒ SƠ ĐẠI HỘI" in text
    assert "Hồ sơ gồm 28 văn bản, trong đó 21 văn bản đã in được" in text
    assert "Chưa đủ dữ liệu" in text
    assert "(MẬT)" in text
    assert "cb-tckh-chi-bo-tai-chinh-ke-hoach" in text  # the cells' folders
    assert " ".join(audit_head().printed.split()) in text


# --------------------------------------------------------------------------- the checks


def test_every_heading_keeps_its_two_columns_apart(demo: Demo) -> None:
    found = {name: pdfchecks.heading_overlap(data) for name, data in _pdfs(demo).items()}
    assert {name: why for name, why in found.items() if why} == {}


def test_every_pdf_is_in_one_family_without_rule_codes_or_decimal_points(demo: Demo) -> None:
    pdfs = _pdfs(demo)
    families = {n: {_family(f) for f in _pdf_fonts(d)} for n, d in pdfs.items()}
    assert {n: f for n, f in families.items() if f != {FONT_FAMILY}} == {}
    texts = {n: _pdf_text(d) for n, d in pdfs.items()}
    assert {n: RULE_CODE.findall(t) for n, t in texts.items() if RULE_CODE.search(t)} == {}
    assert {n: DECIMAL_POINT.findall(t) for n, t in texts.items()
            if DECIMAL_POINT.search(t)} == {}


#: Documents that fail a check today, each for a reason another part of the work fixes (the
#: signature kept with the last lines of the body, the credentials report's DOCX written from
#: the same content as its PDF). A document fixed leaves this list (the tests fail on a stale
#: entry).
LONE_SIGNATURE: set[str] = set()  # the sign-off is kept with the body's last lines
DOCX_DIFFERS: set[str] = set()  # the credentials report's DOCX has its sign-off too


def test_the_signature_shares_its_page_with_body_text(demo: Demo) -> None:
    found = {name: pdfchecks.signature_alone(data) for name, data in _pdfs(demo).items()}
    alone = {name for name, where in found.items() if where}
    assert alone == LONE_SIGNATURE
    signed = {name for name, where in found.items() if where is not None}
    # 22 indexes; the committee's 2 summaries, 3 personnel plans, programme, delegate list,
    # credentials, 4 minutes and 4 lists of the elected; the pilot cell's delegate list, 5
    # minutes and 4 lists of the elected (ballots are not signed)
    assert len(signed) == 22 + (2 + 3 + 1 + 1 + 1 + 4 + 4) + (1 + 5 + 4)


def test_every_docx_says_what_its_pdf_says(demo: Demo) -> None:
    stems = {k[:-5] for k in demo.files if k.endswith(".docx")}
    assert len(stems) == 16 + 10
    diffs = {stem: pdfchecks.text_differences(demo.files[f"{stem}.pdf"],
                                              demo.files[f"{stem}.docx"]) for stem in stems}
    assert {stem for stem, d in diffs.items() if d} == DOCX_DIFFERS, {
        stem: d[:3] for stem, d in diffs.items() if d and stem not in DOCX_DIFFERS}


# --------------------------------------------------------------------------- the checks fail


def _canvas_pdf(draw: Any) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from daihoi.core.printing.fonts import pdf_faces

    regular, bold, _italic, _bi = pdf_faces()
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    draw(canvas, regular, bold)
    canvas.save()
    return buffer.getvalue()


def test_the_heading_check_sees_columns_that_run_into_each_other() -> None:
    def heading(left_text: str) -> Any:
        def draw(c: Any, regular: str, bold: str) -> None:
            c.setFont(bold, 14)
            c.drawString(340, 770, pdfchecks.PARTY)
            c.setFont(regular, 13)
            c.drawString(120, 740, "*")
            c.drawString(40, 755, left_text)
            c.setFont(bold, 15)
            c.drawString(200, 680, "NGHỊ QUYẾT")
        return draw

    assert pdfchecks.heading_overlap(_canvas_pdf(heading("ĐẠI HỘI LẦN THỨ X"))) == ""
    long = "ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ KHỐI CHÍNH QUYỀN LẦN THỨ"  # overprints the right column
    assert pdfchecks.heading_overlap(_canvas_pdf(heading(long))).startswith(f"“{long}” ends at")


def test_the_signature_check_sees_a_signature_alone_on_its_page() -> None:
    def draw(alone: bool) -> Any:
        def go(c: Any, regular: str, bold: str) -> None:
            c.setFont(regular, 13)
            c.drawString(90, 700, "Nội dung.")
            if alone:
                c.showPage()
            c.setFont(bold, 13)
            c.drawString(300, 500, "T/M BAN KIỂM PHIẾU")
            c.setFont(regular, 10)
            c.drawString(290, 40, "2/2")
        return go

    assert pdfchecks.signature_alone(_canvas_pdf(draw(False))) == ""
    assert pdfchecks.signature_alone(_canvas_pdf(draw(True))) == "page 2"
    assert pdfchecks.signature_alone(_canvas_pdf(
        lambda c, r, b: (c.setFont(r, 13), c.drawString(90, 700, "Không ký.")))) is None


def test_the_text_check_sees_a_word_the_docx_lacks() -> None:
    import datetime as dt

    from daihoi.core.printing import PartyHeading, docx_bytes, new_docx
    from daihoi.core.printing.blocks import Para
    from daihoi.core.printing.docx import append_docx
    from daihoi.core.printing.pdf import render_pdf as render_longform

    head = PartyHeading("ĐẢNG BỘ HUYỆN", "ĐẢNG ỦY XÃ", "Huyện A", dt.date(2020, 6, 1))

    def docx(text: str) -> bytes:
        doc = new_docx(head, title="Báo cáo")
        append_docx(doc, [Para.of(text)])
        return docx_bytes(doc)

    pdf = render_longform(head, "Báo cáo", "", [Para.of("Đại hội họp ngày 01/6/2020.")])
    assert pdfchecks.text_differences(pdf, docx("Đại hội họp ngày 01/6/2020.")) == []
    assert pdfchecks.text_differences(pdf, docx("Đại hội họp ngày 01/6/2021.")) == [
        "replace: DOCX “01/6/2021.” / PDF “01/6/2020.”"]


# --------------------------------------------------------------------------- writers


def test_the_zip_holds_the_same_files_streamed(demo: Demo) -> None:
    from daihoi.reports.dossier import zip_stream

    chunks = list(zip_stream(demo.dossiers[1:3]))  # two cells: small
    assert len(chunks) > 2  # one piece per file, not one buffer
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names == [k for k in demo.files if k.startswith((demo.dossiers[1].folder + "/",
                                                           demo.dossiers[2].folder + "/"))]
    assert archive.read(names[0])[:5] == b"%PDF-"


def test_the_command_writes_one_folder_per_congress(demo: Demo, tmp_path: Path) -> None:
    out = tmp_path / "hs"
    stdout = io.StringIO()
    call_command("congress", "dossier", "--out", str(out), "--org", "CB-TCKH", stdout=stdout)
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == sorted(k for k in demo.files
                             if k.startswith("cb-tckh-chi-bo-tai-chinh-ke-hoach/"))
    assert "cb-tckh-chi-bo-tai-chinh-ke-hoach: 15/17 văn bản đã in" in stdout.getvalue()
    with pytest.raises(CommandError, match="đã có tệp"):
        call_command("congress", "dossier", "--out", str(out), "--org", "CB-TCKH")
    with pytest.raises(CommandError, match="Không có đại hội nào của tổ chức mã “XYZ”"):
        call_command("congress", "dossier", "--out", str(tmp_path / "x"), "--org", "XYZ")


def test_the_office_page_lists_every_folder_and_streams_the_zip(demo: Demo) -> None:
    from django.test import Client
    from django.urls import reverse

    from daihoi.congress.models import Congress
    from daihoi.roster.demo import DEMO_PASSWORD

    office = Client()
    assert office.login(username="vanphong", password=DEMO_PASSWORD)
    page = office.get(reverse("reports:dossier", args=[demo.congress.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<section class="dossier"') == 22
    assert "Chưa ghi biểu quyết thông qua Nghị quyết" in html
    response = office.get(reverse("reports:dossier_zip", args=[demo.congress.pk]))
    assert response.streaming
    assert response["Content-Disposition"].startswith("attachment;")
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert names == list(demo.files)
    one = office.get(reverse("reports:dossier_file",
                             args=[demo.congress.pk, "11-danh-sach-trieu-tap.docx"]))
    assert pdfchecks.docx_words(one.content) == pdfchecks.docx_words(demo.files[
        "dbkcq-dang-bo-khoi-chinh-quyen-huyen/11-danh-sach-trieu-tap.docx"])  # (saved times)
    not_ready = office.get(reverse("reports:dossier_file",
                                   args=[demo.congress.pk, "19-nghi-quyet.pdf"]))
    assert not_ready.status_code == 404
    pilot = Congress.objects.get(organization__code="CB-TCKH")
    cell_page = office.get(reverse("reports:dossier", args=[pilot.pk])).content.decode()
    assert cell_page.count('<section class="dossier"') == 1
    secretary = Client()  # leads the pilot cell, but the dossier holds confidential plans
    assert secretary.login(username="bithu.tckh", password=DEMO_PASSWORD)
    assert secretary.get(reverse("reports:dossier", args=[pilot.pk])).status_code == 404
    assert secretary.get(reverse("reports:dossier_zip", args=[pilot.pk])).status_code == 404


def _draft_resolution(demo: Demo) -> tuple[bytes, bytes]:
    from daihoi.reports.resolution import resolution_docx, resolution_pdf, resolution_state

    state = resolution_state(demo.congress)
    assert state.missing
    return resolution_pdf(state), resolution_docx(state)


def test_the_draft_resolution_passes_the_heading_and_text_checks(demo: Demo) -> None:
    """Not in the dossier (the demo's congress has not adopted it), but printed as a draft."""
    pdf, docx = _draft_resolution(demo)
    assert pdfchecks.heading_overlap(pdf) == ""
    assert pdfchecks.text_differences(pdf, docx) == []
    assert "DỰ THẢO" in _pdf_text(pdf)


def test_the_draft_resolutions_signature_shares_its_page_with_body_text(demo: Demo) -> None:
    pdf, _docx = _draft_resolution(demo)
    assert pdfchecks.signature_alone(pdf) == ""


def test_the_names_end_on_whole_words_and_are_unique_in_their_folder(demo: Demo) -> None:
    committee = demo.dossiers[0]
    stems = [i.stem for i in committee.items]
    assert ("21-danh-sach-trung-cu-bau-ban-thuong-vu-hoi-nghi-lan-thu-nhat-ban-chap-hanh-khoa"
            in stems)  # not "...-khoa-m": the title's slug is cut after a whole word
    for d in demo.dossiers:
        assert len({i.stem for i in d.items}) == len(d.items)
