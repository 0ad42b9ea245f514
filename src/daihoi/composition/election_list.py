"""Who may stand on an election list, and which elections a cell may hold: pure rules, plain
data in, Vietnamese sentences out (each naming the person and the reason; a ``tally.Text`` that
a page says in its reader's language). The elections app adapts ORM rows into ``Nominee`` and
calls these; nothing here imports Django.

* R-073: a member suspended from party activity, or prosecuted, indicted or detained, before the
  opening (their status on the opening day) is refused; so is one who left the roll.
* R-006: a cell with fewer than 9 official members elects no cell committee (only a secretary,
  and a deputy if needed); a cell committee has at most 7 members.
* R-005: at a cell congress that elects a cell committee, the secretary and the deputy are
  elected from the committee just elected, the secretary first.
* R-013: at a delegates' congress, candidates for delegates to the higher congress are official
  delegates of that congress.
"""

from __future__ import annotations

from dataclasses import dataclass

from daihoi.tally import Text
from daihoi.tally.i18n import gettext_noop as _

#: R-006: a cell elects a cell committee from this many official members (exempted included).
CELL_COMMITTEE_MIN_MEMBERS = 9
#: R-006: at most this many cell-committee members.
CELL_COMMITTEE_MAX_SEATS = 7

#: R-073: statuses on the opening day that keep a member off any election list.
REFUSED_STATUSES: dict[str, str] = {
    "suspended": _("bị đình chỉ sinh hoạt đảng trước khi đại hội khai mạc"),
    "prosecuted": _("bị khởi tố, truy tố hoặc tạm giam trước khi đại hội khai mạc"),
    "transferred_out": _("đã chuyển sinh hoạt đảng ra khỏi đảng bộ trước khi đại hội khai mạc"),
    "deceased": _("đã từ trần"),
}

#: Election kinds (the values of ``daihoi.tally.ElectionKind``) this module knows.
CELL_COMMITTEE = "cell_committee"
SECRETARY = "secretary"
DEPUTY_SECRETARY = "deputy_secretary"
DELEGATES = "delegates"
STANDING_COMMITTEE = "standing_committee"
INSPECTION_COMMITTEE = "inspection_committee"
INSPECTION_CHAIR = "inspection_chair"

#: R-054: what the new committee's conferences elect (at a committee's congress; a cell
#: congress elects its secretary and deputy itself, R-005).
CONFERENCE_KINDS = frozenset({STANDING_COMMITTEE, SECRETARY, DEPUTY_SECRETARY,
                              INSPECTION_COMMITTEE, INSPECTION_CHAIR})
#: The body whose conference holds each election, and so its base (R-054) and who may stand.
CONFERENCE_BODY = {
    STANDING_COMMITTEE: _("Ban Chấp hành"), SECRETARY: _("Ban Chấp hành"),
    DEPUTY_SECRETARY: _("Ban Chấp hành"), INSPECTION_COMMITTEE: _("Ban Chấp hành"),
    INSPECTION_CHAIR: _("Ủy ban Kiểm tra"),
}
#: Elections whose candidates are members of the conference's body (the inspection committee
#: may take members from outside the executive committee).
FROM_THE_BODY = frozenset({STANDING_COMMITTEE, SECRETARY, DEPUTY_SECRETARY, INSPECTION_CHAIR})


def cell_election_refusal(*, kind: str, official_members: int, seats: int) -> str | None:
    """R-006 at a cell congress: the reason a cell may not hold this election, if so."""
    if kind != CELL_COMMITTEE:
        return None
    if official_members < CELL_COMMITTEE_MIN_MEMBERS:
        return Text(_("Chi bộ có %(members)s đảng viên chính thức (dưới %(min)s) nên không bầu "
                      "chi ủy, chỉ bầu bí thư (và phó bí thư nếu cần)."),
                    {"members": official_members, "min": CELL_COMMITTEE_MIN_MEMBERS})
    if seats > CELL_COMMITTEE_MAX_SEATS:
        return Text(_("Chi ủy có nhiều nhất %(max)s đồng chí; không bầu %(seats)s."),
                    {"max": CELL_COMMITTEE_MAX_SEATS, "seats": seats})
    return None


def conference_election_refusal(*, kind: str, body_members: int | None,
                                seats: int) -> str | None:
    """R-054: a conference election needs its body elected (announced) and no more seats than
    the body has members."""
    body = Text(CONFERENCE_BODY[kind])
    if body_members is None or body_members == 0:
        return Text(_("%(body)s khóa mới chưa được bầu (chưa công bố kết quả), nên chưa có hội "
                      "nghị để bầu."), {"body": body})
    if seats > body_members:
        return Text(_("%(body)s khóa mới có %(members)s ủy viên; hội nghị không bầu %(seats)s."),
                    {"body": body, "members": body_members, "seats": seats})
    return None


@dataclass(frozen=True)
class Nominee:
    """What the rules need to know of one person proposed for one election list.

    ``cell_committee`` is the cell committee just elected at the same congress (the names
    announced), or ``None`` where the cell elects no committee (fewer than 9 official members)
    or the election is not a secretary's or deputy's. ``secretary`` is the secretary elected at
    the same congress, if any (for a deputy's election). ``official_delegate`` is ``None``
    where R-013 does not apply (not a delegates' congress, or not a delegates' election).
    """

    name: str
    election: str
    status_on_opening: str = "active"
    cell_committee: frozenset[str] | None = None
    key: str = ""
    secretary_elected: bool | None = None
    is_secretary: bool = False
    official_delegate: bool | None = None
    #: R-054: the members of the conference's body where the candidate must be one of them.
    conference_body: frozenset[str] | None = None


def nominee_refusals(n: Nominee) -> list[str]:
    """Every reason ``n`` may not stand, as sentences naming the person (empty: may stand)."""
    out: list[str] = []
    name = {"name": n.name}
    if n.status_on_opening in REFUSED_STATUSES:
        out.append(Text(_("%(name)s %(status)s, không được ứng cử, đề cử."),
                        {**name, "status": Text(REFUSED_STATUSES[n.status_on_opening])}))
    if n.election in (SECRETARY, DEPUTY_SECRETARY) and n.cell_committee is not None:
        if not n.cell_committee:
            out.append(Text(_("Chưa công bố kết quả bầu chi ủy: bí thư, phó bí thư được bầu "
                              "trong số chi ủy viên vừa trúng cử, nên chưa thêm được "
                              "%(name)s."), name))
        elif n.key not in n.cell_committee:
            out.append(Text(_("%(name)s không có trong chi ủy vừa được bầu; bí thư, phó bí thư "
                              "được bầu trong số chi ủy viên."), name))
    if n.election == DEPUTY_SECRETARY and n.secretary_elected is not None:
        if not n.secretary_elected:
            out.append(Text(_("Chưa bầu xong bí thư chi bộ: bầu bí thư trước, phó bí thư sau, "
                              "nên chưa thêm được %(name)s."), name))
        elif n.is_secretary:
            out.append(Text(_("%(name)s vừa trúng cử bí thư, không ứng cử phó bí thư."), name))
    if n.conference_body is not None and n.key not in n.conference_body:
        out.append(Text(_("%(name)s không phải ủy viên %(body)s khóa mới, không được bầu tại "
                          "hội nghị này."), {**name, "body": Text(CONFERENCE_BODY[n.election])}))
    if n.election == DELEGATES and n.official_delegate is False:
        out.append(Text(_("%(name)s không phải đại biểu chính thức của đại hội; tại đại hội đại "
                          "biểu chỉ đại biểu chính thức được ứng cử, đề cử đại biểu đi dự đại "
                          "hội cấp trên."), name))
    return out
