"""Elections ready for tests: a congress, a list of distinct names, a counting board with
logins, and helpers that drive a round through its steps with the services."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from daihoi.clock import LOCAL_TZ
from daihoi.congress.models import Congress
from daihoi.congress.services import congress_create
from daihoi.elections import keying, services
from daihoi.elections.models import Candidate, Election, EntryDesk, Round
from daihoi.roster import services as roster_services
from daihoi.roster.choices import RoleKind
from daihoi.roster.models import Member, Organization
from tests.conftest import PASSWORD, make_member

GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Oanh",
         "Phúc", "Quân", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến", "Đạt")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")


def make_congress(org: Organization, *, kind: str = "delegates",
                  term_start: int = 2020) -> Congress:
    return congress_create(
        actor=None, organization=org, kind=kind, ordinal=10, term_start=term_start,
        term_end=term_start + 5,
        opens_at=dt.datetime(term_start, 6, 10, 7, 30, tzinfo=LOCAL_TZ),
    )


_seq = iter(range(10_000, 99_999))


def people(cell: Organization, n: int, *, tag: str = "") -> list[Member]:
    out = []
    for i in range(n):
        out.append(make_member(
            cell, family_name=FAMILY[i % len(FAMILY)], middle_name=f"Văn{tag}",
            given_name=GIVEN[i % len(GIVEN)] + ("" if i < len(GIVEN) else f" {i}"),
            card_number=f"9{next(_seq):07d}",
        ))
    return out


def make_official_delegates(congress: Congress, members: list[Member]) -> None:
    """R-013: at a delegates' congress only its official delegates stand for the higher
    congress; put ``members`` on its delegate list (elected by their cells)."""
    from daihoi.delegates.services import delegate_add

    for m in members:
        delegate_add(actor=None, congress=congress, member=m, source="elected")


@dataclass
class Setup:
    election: Election
    round: Round
    candidates: list[Candidate]
    board_users: list[Any]
    head: Any
    desks: list[EntryDesk] = field(default_factory=list)


def make_election(cell: Organization, *, congress: Congress | None = None, seats: int = 9,
                  names: int = 11, kind: str = "committee", board: int = 3,
                  alternates: int = 0, user_prefix: str = "bkp") -> Setup:
    congress = congress or make_congress(cell.parent or cell)
    election = services.election_create(actor=None, congress=congress, kind=kind, seats=seats,
                                        alternates=alternates,
                                        seats_decision="Đại hội biểu quyết số lượng")
    names_ = people(cell, names, tag=user_prefix)
    if kind == "delegates" and congress.kind == "delegates":
        make_official_delegates(congress, names_)
    cands = [services.candidate_add(actor=None, election=election, member=m) for m in names_]
    users = []
    for i, m in enumerate(people(cell, board, tag=f"{user_prefix}k")):
        services.board_member_add(actor=None, election=election, member=m, is_head=i == 0)
        users.append(roster_services.user_create_with_role(
            actor=None, username=f"{user_prefix}{i}-{election.pk}", password=PASSWORD,
            organization=cell, kind=RoleKind.MEMBER, member=m))
    rnd = election.rounds.get()
    return Setup(election, rnd, cands, users, users[0])


def to_counting(s: Setup, *, summoned: int = 45, issued: int = 45, collected: int = 45,
                teams: int = 2, actor: Any = None, first_desk: int = 0) -> Round:
    """Drive the round to counting; desks go to board users ``first_desk``, ``first_desk+1``…
    (by default the head keys at desk 1)."""
    rnd = services.round_set_base(actor=actor, rnd=s.round, summoned=summoned, deductions={},
                                  teams_required=teams)
    rnd = services.round_print(actor=actor, rnd=rnd, count=issued)
    rnd = services.round_issue_ballots(actor=actor, rnd=rnd, issued=issued)
    rnd = services.round_close_voting(actor=actor, rnd=rnd, collected=collected,
                                      present=max(issued, collected))
    s.desks = [services.desk_assign(actor=actor, rnd=rnd, user=s.board_users[first_desk + t],
                                    team=t + 1) for t in range(teams)]
    rnd = services.round_start_counting(actor=actor, rnd=rnd)
    s.round = rnd
    return rnd


def random_lines(n_ballots: int, *, names: int, max_kept: int, seed: int = 7) -> list[str]:
    """Desk lines of ordinary ballots (the printed numbers of the crossed names, separated by
    spaces): each crosses out names - max_kept names, sometimes
    one more, mostly the last names of the list (so that the first max_kept are elected)."""
    rng = random.Random(seed)
    lines = []
    for _ in range(n_ballots):
        k = min(names - 1, names - max_kept + rng.choice((0, 0, 0, 1)))
        pool = list(range(names))
        weights = [1] * max_kept + [12] * (names - max_kept)
        crossed = []
        for _ in range(k):
            pick = rng.choices(range(len(pool)), weights=weights)[0]
            crossed.append(pool.pop(pick))
            weights.pop(pick)
        lines.append(" ".join(str(p + 1) for p in crossed))
    return lines


def key_all(s: Setup, lines: list[str], *, desk_index: int,
            override: dict[int, str] | None = None) -> None:
    desk = s.desks[desk_index]
    for serial, line in enumerate(lines, start=1):
        text = (override or {}).get(serial, line)
        services.entry_submit(actor=desk.user, desk=desk, serial=serial, line=text)


def election_objects_of_other_org(world: Any) -> dict[str, list[int]]:
    """URL parameters of the elections app pointing at another organization's objects, for the
    cross-organization access test (its own congress, term 2025, so it never clashes with
    another factory's congress of that organization)."""
    congress = make_congress(world.other_committee, term_start=2025)
    s = make_election(world.other_cell, congress=congress, seats=3, names=4, board=2,
                      user_prefix="other-bkp")
    return {"election_pk": [s.election.pk], "round_pk": [s.round.pk],
            "congress_pk": [congress.pk]}


def line_for(crossed: list[int] | tuple[int, ...], *, names: int) -> str:
    """What a desk types for a ballot whose ``crossed`` positions (0-based) are struck out."""
    return keying.line_for("x:" + ",".join(str(p) for p in crossed), candidates=names)


def key_both(s: Setup, lines: list[str]) -> None:
    """Every desk of the round keys the same readings."""
    for i in range(len(s.desks)):
        key_all(s, lines, desk_index=i)
