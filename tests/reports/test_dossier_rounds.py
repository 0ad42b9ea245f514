"""The dossier's election documents: every round's ballot and counting minutes, a void round's
minutes too, and the list of the elected once the election is complete."""

from __future__ import annotations

from typing import Any

from daihoi.elections import services
from daihoi.reports.dossier import KIND_BALLOT, KIND_ELECTED, KIND_MINUTES, congress_dossier
from tests.conftest import World
from tests.elections.factories import key_all, make_election, to_counting
from tests.test_printed import _pdf_text


def test_a_void_round_has_its_minutes_and_the_revote_its_own(world: World) -> None:
    s = make_election(world.cell_a, seats=3, names=4, board=2)
    rnd = services.round_set_base(actor=None, rnd=s.round, summoned=4, deductions={})
    rnd = services.round_print(actor=None, rnd=rnd, count=4)
    rnd = services.round_issue_ballots(actor=None, rnd=rnd, issued=3)
    services.round_close_voting(actor=None, rnd=rnd, collected=4, present=3)
    s.round = services.round_open_next(actor=None, election=s.election,
                                       decision="Đại hội biểu quyết bầu lại")
    congress = s.election.congress

    def election_items() -> list[tuple[str, str, bool]]:
        return [(i.kind, i.title.split(" — ")[-1], i.ready)
                for i in congress_dossier(congress).items
                if i.kind in (KIND_BALLOT, KIND_MINUTES, KIND_ELECTED)]

    title = s.election.title
    assert election_items() == [
        (KIND_BALLOT, f"{title}, lần bỏ phiếu thứ 1", True),
        (KIND_MINUTES, f"{title}, lần bỏ phiếu thứ 1 (lần bỏ phiếu bị hủy)", True),
        (KIND_BALLOT, f"{title}, lần bỏ phiếu thứ 2", True),
        (KIND_MINUTES, f"{title}, lần bỏ phiếu thứ 2", False),
        (KIND_ELECTED, title, False),
    ]
    void = next(i for i in congress_dossier(congress).items if "bị hủy" in i.title)
    assert void.pdf is not None
    assert "lần bỏ phiếu này bị hủy, không kiểm phiếu" in " ".join(_pdf_text(void.pdf()).split())

    to_counting(s, summoned=4, issued=4, collected=4)
    for desk in (0, 1):
        key_all(s, ["4", "4", "4", "4"], desk_index=desk)  # the first three elected
    counted = services.round_reconcile(actor=None, rnd=s.round)
    assert election_items()[3:] == [(KIND_MINUTES, f"{title}, lần bỏ phiếu thứ 2", True),
                                    (KIND_ELECTED, title, False)]  # counted, not announced
    services.round_announce(actor=None, rnd=counted)
    items = [i for i in congress_dossier(congress).items if i.kind == KIND_ELECTED]
    assert [i.missing for i in items] == [()]
    assert items[0].pdf is not None
    text = " ".join(_pdf_text(items[0].pdf()).split())
    assert "DANH SÁCH TRÚNG CỬ" in text
    assert "số lượng cần bầu 3; đã trúng cử 3" in text


def test_minutes_the_sql_check_blocks_are_not_printed(world: World, monkeypatch: Any) -> None:
    from daihoi.elections import selectors

    s = make_election(world.cell_a, seats=3, names=4, board=2)
    to_counting(s, summoned=4, issued=4, collected=4)
    for desk in (0, 1):
        key_all(s, ["4", "4", "4", "4"], desk_index=desk)
    services.round_reconcile(actor=None, rnd=s.round)
    monkeypatch.setattr(selectors, "sql_checks", lambda rounds: {
        r.pk: "Kiểm tra độc lập bằng SQL khác" for r in rounds})
    [minutes] = [i for i in congress_dossier(s.election.congress).items
                 if i.kind == KIND_MINUTES]
    assert (minutes.ready, minutes.missing) == (False, ("Kiểm tra độc lập bằng SQL khác",))
    assert minutes.files == ()
