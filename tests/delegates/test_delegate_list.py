"""The congress's delegate list: from the cells' results, the outgoing committee ex officio,
R-073 not summoned; the credentials report (R-150…R-152); presence and quorum (R-110);
show-of-hands votes; badges."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from daihoi.congress import services as congress_services
from daihoi.congress.models import CongressStatus
from daihoi.core.errors import ServiceError
from daihoi.delegates import selectors, services
from daihoi.delegates.badges import delegate_id_from_payload
from daihoi.delegates.models import Delegate, DelegateSource, DelegateStatus
from daihoi.delegates.printing import badges_pdf, credentials_docx, credentials_pdf
from daihoi.roster.choices import MemberStatus
from tests.conftest import World
from tests.delegates.factories import bulk_members, delegates_congress, make_day


def _cell_results(world: World) -> Any:
    congress = delegates_congress(world.committee)
    [cc_a, cc_b] = congress_services.cell_congresses_create(actor=None, congress=congress,
                                                            pilot_cell=world.cell_a)
    a = bulk_members(world.cell_a, 4)
    b = bulk_members(world.cell_b, 3, status=MemberStatus.SUSPENDED)
    for cc, people in ((cc_a, a), (cc_b, b)):
        cc.status = CongressStatus.HELD
        cc.save(update_fields=["status"])
        congress_services.cell_congress_submit_results(
            actor=None, cell_congress=cc, secretary=people[0], delegates=people[:2],
            alternates=people[2:3])
    return congress, a, b


def test_delegates_come_from_the_cells_results_once(world: World) -> None:
    congress, a, b = _cell_results(world)
    assert services.delegates_import_from_cells(actor=None, congress=congress) == 6
    assert services.delegates_import_from_cells(actor=None, congress=congress) == 0
    rows = {d.member_id: d for d in Delegate.objects.filter(congress=congress)}
    assert rows[a[0].pk].source == DelegateSource.ELECTED
    assert rows[a[2].pk].status == DelegateStatus.RESERVE
    # suspended before the opening → not summoned, with the reason.
    assert rows[b[0].pk].status == DelegateStatus.NOT_SUMMONED
    assert "đình chỉ sinh hoạt đảng" in rows[b[0].pk].status_reason
    assert sorted(d.number for d in rows.values()) == [1, 2, 3, 4, 5, 6]


def test_the_outgoing_committee_sits_ex_officio_and_only_once(world: World) -> None:
    congress = delegates_congress(world.committee)
    d = services.delegate_add(actor=None, congress=congress, member=world.member_a,
                              source=DelegateSource.EX_OFFICIO)
    assert (d.source, d.status, d.number) == (DelegateSource.EX_OFFICIO,
                                              DelegateStatus.SUMMONED, 1)
    with pytest.raises(ServiceError, match="đã có trong danh sách"):
        services.delegate_add(actor=None, congress=congress, member=world.member_a,
                              source=DelegateSource.APPOINTED)
    with pytest.raises(ServiceError, match="không thuộc"):
        services.delegate_add(actor=None, congress=congress, member=world.other_member,
                              source=DelegateSource.APPOINTED)


def test_a_probationary_member_is_not_added_as_a_delegate(world: World) -> None:
    congress = delegates_congress(world.committee)
    [p] = bulk_members(world.cell_a, 1, full_member_on=None)
    with pytest.raises(ServiceError, match="dự bị"):
        services.delegate_add(actor=None, congress=congress, member=p,
                              source=DelegateSource.APPOINTED)


@pytest.mark.parametrize(("present", "reached"), [(5, False), (6, True)])
def test_the_quorum_of_9_summoned_is_6_present(world: World, present: int,
                                               reached: bool) -> None:
    day = make_day(world.cell_a, n=9)
    for d in day.delegates[:present]:
        services.delegate_check_in(actor=None, session=day.official, delegate=d)
    p = selectors.presence(day.congress, day.official)
    assert (p.summoned, p.present, p.quorum.needed, p.quorum.reached) == (9, present, 6,
                                                                          reached)
    assert len(p.absent) == 9 - present


def test_the_quorum_share_is_a_policy_of_the_congress(world: World) -> None:
    day = make_day(world.cell_a, n=9)
    services.day_policy_set(actor=None, congress=day.congress, numerator=1, denominator=2)
    assert selectors.presence(day.congress, day.official).quorum.needed == 5
    with pytest.raises(ServiceError):
        services.day_policy_set(actor=None, congress=day.congress, numerator=4, denominator=3)


def test_the_credentials_report_counts_the_delegates_and_prints(world: World) -> None:
    day = make_day(world.cell_a, n=10)
    services.delegate_set_not_summoned(actor=None, delegate=day.delegates[9],
                                       reason="Bị đình chỉ sinh hoạt")
    report = selectors.credentials_report(day.congress)
    assert report.stats.total == 9
    # bulk_members: every third is a woman (0, 3, 6), the first is Tày.
    assert (report.stats.women.count, report.stats.ethnic_minority.count) == (3, 1)
    assert [d.pk for d in report.not_summoned] == [day.delegates[9].pk]
    services.credentials_conclude(actor=None, congress=day.congress,
                                  text="Cả 9 đại biểu đủ tư cách.", recognised=9)
    day.congress.refresh_from_db()
    pdf = PdfReader(io.BytesIO(credentials_pdf(selectors.credentials_report(day.congress))))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "THẨM TRA TƯ CÁCH" in text.upper()
    assert "Cả 9 đại biểu đủ tư cách" in text
    assert credentials_docx(report)[:2] == b"PK"


def test_badges_print_eight_to_an_a4_sheet_with_their_signed_code(world: World) -> None:
    day = make_day(world.cell_a, n=9)
    pdf = PdfReader(io.BytesIO(badges_pdf(day.congress)))
    assert len(pdf.pages) == 2
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = pdf.pages[0].extract_text()
    assert day.delegates[0].member.full_name in text


def test_the_badge_payload_names_its_delegate_only_in_its_congress(world: World) -> None:
    from daihoi.delegates.badges import badge_payload

    payload = badge_payload(congress_id=7, delegate_id=42)
    assert delegate_id_from_payload(congress_id=7, payload=payload) == 42
    with pytest.raises(ServiceError):
        delegate_id_from_payload(congress_id=8, payload=payload)


def test_a_show_of_hands_vote_is_recorded_with_its_counts(world: World) -> None:
    day = make_day(world.cell_a, n=9)
    vote = services.show_of_hands_record(
        actor=None, congress=day.congress, subject="presidium", title="Bầu Đoàn Chủ tịch",
        names="A\nB\nC", present=9, in_favour=8, against=1)
    assert (vote.present, vote.in_favour, vote.against, vote.abstain) == (9, 8, 1, 0)
    with pytest.raises(ServiceError, match="lớn hơn số có mặt"):
        services.show_of_hands_record(actor=None, congress=day.congress,
                                      subject="counting_board", title="Bầu Ban Kiểm phiếu",
                                      present=9, in_favour=9, against=1)


def test_a_name_corrected_after_the_list_is_built_is_found_and_sorted_by_the_new_name(
    world: World
) -> None:
    from daihoi.roster import services as roster_services

    day = make_day(world.cell_a, n=3)  # given names An…, Bình…, Cường…
    delegate = day.delegates[2]
    member = delegate.member
    roster_services.member_update(actor=None, member=member, expected_version=member.version,
                                  changes={"given_name": "Ba"})
    assert [d.pk for d in selectors.search_delegates(day.congress, "tran van ba")] == [
        delegate.pk]
    assert list(selectors.search_delegates(day.congress, "cuong")) == []
    ordered = [d.pk for d in Delegate.objects.filter(congress=day.congress)]
    assert ordered == [day.delegates[0].pk, delegate.pk, day.delegates[1].pk]
