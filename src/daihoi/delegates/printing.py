"""Printed documents of the congress day: the credentials report (DOCX/PDF) and the badges
(PDF, 8 per A4 sheet, each with its signed QR code)."""

from __future__ import annotations

import base64

import segno
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from daihoi.composition.checker import MINORITY_EXCLUDES
from daihoi.congress.issuers import committee_name, document_heading, document_signature
from daihoi.congress.models import Congress
from daihoi.congress.selectors import congress_day
from daihoi.core.errors import ServiceError
from daihoi.core.numbers import vn_number, vn_percent
from daihoi.core.printing import PartyHeading, docx_bytes, new_docx, render_pdf
from daihoi.core.printing.blocks import Block, Grid, Para, Run
from daihoi.core.printing.docx import append_docx
from daihoi.core.printing.pdf import render_pdf as render_longform
from daihoi.delegates.badges import badge_payload
from daihoi.delegates.models import Delegate, DelegateStatus
from daihoi.delegates.selectors import CredentialsReport

BADGES_PER_PAGE = 8


def heading_for(congress: Congress) -> PartyHeading:
    """Issued by the congress's credentials committee, in the congress's series of numbers
    (R-202), dated the congress's day."""
    return document_heading(congress, "credentials", on=congress_day(congress))


#: The composition's bands (its keys are Vietnamese, as the pure rules name them), translated
#: for the page.
BAND_LABELS = {
    "Dưới 30 tuổi": _("Dưới 30 tuổi"), "Từ 30 đến 39 tuổi": _("Từ 30 đến 39 tuổi"),
    "Từ 40 đến 49 tuổi": _("Từ 40 đến 49 tuổi"), "Từ 50 đến 59 tuổi": _("Từ 50 đến 59 tuổi"),
    "Từ 60 tuổi trở lên": _("Từ 60 tuổi trở lên"), "Dưới 10 năm": _("Dưới 10 năm"),
    "Từ 10 đến dưới 20 năm": _("Từ 10 đến dưới 20 năm"),
    "Từ 20 đến dưới 30 năm": _("Từ 20 đến dưới 30 năm"),
    "Từ 30 năm trở lên": _("Từ 30 năm trở lên"),
}


def _band(key: str) -> str:
    return str(BAND_LABELS.get(key, key))



def report_rows(report: CredentialsReport) -> list[tuple[str, str, str]]:
    """(label, count, percent) of the composition of the delegates attending (summoned and
    seated), in order, percentages of that number; in the active language (the printed report
    is made in Vietnamese: ``credentials_pdf``/``credentials_docx``)."""
    s = report.stats
    n = vn_number
    rows: list[tuple[str, str, str]] = [(gettext("Tổng số đại biểu chính thức dự Đại hội"),
                                         n(s.total), vn_percent(100 if s.total else 0))]
    rows += [(f"— {report.source_labels.get(x.key, x.key)}", n(x.count), vn_percent(x.percent))
             for x in s.by_source]
    rows.append((gettext("Đại biểu nữ"), n(s.women.count), vn_percent(s.women.percent)))
    rows.append((gettext("Đại biểu người dân tộc thiểu số"), n(s.ethnic_minority.count),
                 vn_percent(s.ethnic_minority.percent)))
    rows += [("— " + gettext("Dân tộc %(name)s") % {"name": x.key}, n(x.count),
              vn_percent(x.percent)) for x in s.by_ethnicity
             if x.key.strip().lower() not in MINORITY_EXCLUDES]
    rows += [(gettext("Tuổi: %(band)s") % {"band": _band(x.key)}, n(x.count),
              vn_percent(x.percent)) for x in s.age_bands]
    rows.append((gettext("Dưới 40 tuổi"), n(s.under_40.count), vn_percent(s.under_40.percent)))
    rows.append((gettext("Trên 70 tuổi"), n(s.over_70.count), vn_percent(s.over_70.percent)))
    rows.append((gettext("Tuổi bình quân"), n(s.average_age, 1), ""))
    rows.append((gettext("Cao tuổi nhất"), str(s.oldest or ""), ""))
    rows.append((gettext("Trẻ tuổi nhất"), str(s.youngest or ""), ""))
    rows += [(gettext("Trình độ chuyên môn: %(level)s") % {
        "level": report.qualification_labels.get(x.key, x.key)}, n(x.count),
        vn_percent(x.percent)) for x in s.by_qualification]
    rows.append((gettext("Thạc sĩ, tiến sĩ"), n(s.postgraduate.count),
                 vn_percent(s.postgraduate.percent)))
    rows += [(gettext("Lý luận chính trị: %(level)s") % {
        "level": report.theory_labels.get(x.key, x.key)}, n(x.count),
        vn_percent(x.percent)) for x in s.by_theory]
    rows.append((gettext("Cao cấp, cử nhân lý luận chính trị"), n(s.advanced_theory.count),
                 vn_percent(s.advanced_theory.percent)))
    rows += [(gettext("Tuổi đảng: %(band)s") % {"band": _band(x.key)}, n(x.count),
              vn_percent(x.percent)) for x in s.seniority_bands]
    rows.append((gettext("Tuổi đảng bình quân"), n(s.average_seniority, 1), ""))
    return rows


TITLE = "Báo cáo"


def _subtitle(congress: Congress) -> str:
    return f"thẩm tra tư cách đại biểu dự {congress.title}"


def credentials_blocks(report: CredentialsReport) -> list[Block]:
    """The credentials committee's report as the congress hears it (R-150 to R-152): the
    committee, what it examined, the delegates summoned ("triệu tập") by source, those not
    summoned and why, those present ("có mặt") from the check-in, the composition of the
    delegates attending, and the committee's conclusion; the same in the DOCX and the PDF."""
    congress, s, d = report.congress, report.stats, report.summons
    n = vn_number
    committee = report.committee
    head = committee[0] if committee else ""

    def heading_line(text: str) -> Para:
        return Para.of(Run(text, bold=True), before=8, after=2, keep=True)

    def item(*runs: Run | str) -> Para:
        return Para.of("– ", *runs, indent=4, after=1)

    blocks: list[Block] = [
        Para.of(Run("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", italic=True), after=1),
        Para.of(Run("Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số "
                    "190-QĐ/TW của Ban Chấp hành Trung ương;", italic=True), after=1),
        Para.of(Run(f"Căn cứ Quy chế làm việc của {congress.title},", italic=True), after=4),
    ]
    if committee:
        members = "; ".join(f"đồng chí {name}" + (" (Trưởng ban)" if i == 0 else "")
                            for i, name in enumerate(committee))
        blocks.append(Para.of(f"Ban Thẩm tra tư cách đại biểu do Đại hội bầu gồm "
                              f"{n(len(committee))} đồng chí: {members}. Ban Thẩm tra báo cáo "
                              "Đại hội kết quả thẩm tra tư cách đại biểu như sau:"))
    else:
        blocks.append(Para.of("Ban Thẩm tra tư cách đại biểu do Đại hội bầu báo cáo Đại hội kết "
                              "quả thẩm tra tư cách đại biểu như sau:"))
    blocks.append(heading_line("I. CÔNG VIỆC THẨM TRA"))
    blocks.append(Para.of(
        f"Ban Thẩm tra đã xem xét báo cáo của {committee_name(congress)} về việc chấp hành "
        "nguyên tắc, thủ tục, tình hình và kết quả bầu cử đại biểu ở các đại hội chi bộ trực "
        "thuộc; danh sách và hồ sơ của từng đại biểu được triệu tập; các trường hợp không "
        "triệu tập và các trường hợp đại biểu dự khuyết thay thế đại biểu chính thức; các đơn "
        "thư liên quan đến tư cách đại biểu (nếu có)."))

    blocks.append(heading_line("II. TÌNH HÌNH ĐẠI BIỂU"))
    blocks.append(Para.of(Run("1. Đại biểu được triệu tập", bold=True, italic=True), keep=True))
    blocks.append(Para.of("Tổng số đại biểu chính thức được triệu tập: ",
                          Run(n(d.summoned), bold=True), ", trong đó:"))
    blocks.extend(item(f"{report.source_labels.get(key, key)}: ", Run(n(count), bold=True))
                  for key, count in d.summoned_by_source)
    blocks.append(Para.of(Run("2. Đại biểu không triệu tập", bold=True, italic=True),
                          before=4, keep=True))
    if report.not_summoned:
        blocks.append(Para.of(f"Có {n(len(report.not_summoned))} đồng chí không được triệu "
                              "tập:"))
        blocks.extend(item(f"Đồng chí {x.member.full_name}: "
                           f"{x.status_reason or 'không ghi lý do'}.")
                      for x in report.not_summoned)
    else:
        blocks.append(Para.of("Không có trường hợp nào phải không triệu tập."))
    blocks.append(Para.of(Run("3. Đại biểu dự khuyết thay thế", bold=True, italic=True),
                          before=4, keep=True))
    if d.replacements:
        blocks.extend(item(f"Đồng chí {alt} thay đồng chí {absent} (vắng mặt cả Đại hội).")
                      for absent, alt in d.replacements)
    else:
        blocks.append(Para.of("Không có đại biểu dự khuyết nào thay thế đại biểu chính thức."))
    blocks.append(Para.of(Run("4. Đại biểu có mặt", bold=True, italic=True), before=4, keep=True))
    if d.present is None:
        blocks.append(Para.of("Đại hội chưa điểm danh: số đại biểu có mặt sẽ được báo cáo sau "
                              "khi điểm danh."))
    else:
        blocks.append(Para.of(
            f"Số đại biểu có mặt tại {d.session_name.lower()}: ", Run(n(d.present), bold=True),
            f"/{n(d.seats)} đại biểu được triệu tập dự Đại hội; vắng mặt: ",
            Run(n(d.seats - d.present), bold=True),
            f" ({'; '.join(d.absent)})." if d.absent else "."))
    blocks.append(Para.of(Run("5. Cơ cấu đại biểu dự Đại hội", bold=True, italic=True),
                          before=4, keep=True))
    blocks.append(Para.of(f"Cơ cấu của {n(s.total)} đại biểu chính thức dự Đại hội (kể cả đại "
                          "biểu dự khuyết đã thay thế), tỷ lệ % trên tổng số:", keep=True))
    blocks.append(Grid(["Nội dung", "Số lượng", "Tỷ lệ (%)"],
                       [list(row) for row in report_rows(report)], size=11,
                       widths=(0.62, 0.19, 0.19)))

    blocks.append(heading_line("III. KẾT LUẬN"))
    conclusion = report.conclusion
    if conclusion is not None:
        blocks.append(Para.of(conclusion.text))
        blocks.append(Para.of(
            "Ban Thẩm tra tư cách đại biểu đề nghị Đại hội xem xét, công nhận tư cách đại biểu "
            "của ", Run(n(conclusion.recognised), bold=True), " đồng chí đại biểu dự "
            f"{congress.title}."))
    else:
        blocks.append(Para.of(Run("Ban Thẩm tra chưa ghi kết luận (bản dự thảo).",
                                  italic=True)))
    blocks.append(document_signature(congress, "credentials", head))
    return blocks


def credentials_missing(congress: Congress) -> list[str]:
    """What the report needs before it can be printed at all: the delegate list."""
    from daihoi.delegates.models import Delegate

    if not Delegate.objects.filter(congress=congress).exists():
        return [gettext("Chưa có danh sách đại biểu của Đại hội: lập danh sách đại biểu "
                        "(trang Đại biểu) trước khi in báo cáo thẩm tra tư cách.")]
    return []


def _refuse_if_missing(report: CredentialsReport) -> None:
    missing = credentials_missing(report.congress)
    if missing:
        raise ServiceError(" ".join(missing))


def credentials_pdf(report: CredentialsReport) -> bytes:
    _refuse_if_missing(report)
    with translation.override("vi"):  # a document of the congress, whatever the page's language
        return render_longform(heading_for(report.congress), TITLE, _subtitle(report.congress),
                               credentials_blocks(report))


def credentials_docx(report: CredentialsReport) -> bytes:
    _refuse_if_missing(report)
    with translation.override("vi"):
        doc = new_docx(heading_for(report.congress), title=TITLE,
                       subtitle=_subtitle(report.congress))
        append_docx(doc, credentials_blocks(report))
    return docx_bytes(doc)


def qr_data_uri(payload: str) -> str:
    svg = segno.make(payload, error="m").svg_inline(scale=3, border=1)
    return "data:image/svg+xml;base64," + base64.b64encode(str(svg).encode()).decode()


def badges_pdf(congress: Congress) -> bytes:
    delegates = list(Delegate.objects.filter(congress=congress).exclude(
        status=DelegateStatus.NOT_SUMMONED).select_related("member", "member__cell")
        .order_by("number"))
    badges = [{"delegate": d, "qr": qr_data_uri(badge_payload(congress_id=congress.pk,
                                                              delegate_id=d.pk))}
              for d in delegates]
    pages = [badges[i:i + BADGES_PER_PAGE] for i in range(0, len(badges), BADGES_PER_PAGE)]
    return render_pdf("delegates/print/badges.html",
                      {"congress": congress, "pages": pages, "title": "Thẻ đại biểu"})
