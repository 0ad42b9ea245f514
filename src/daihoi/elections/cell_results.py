"""One chain from the count to the summons: what a cell congress's elections counted in daihoi
announced (its cell committee, secretary, deputy, delegates and ranked alternates) fills the
cell congress's record with no typing; where the secretary also typed results (a cell that
counted on paper and then keyed, or both), any difference is listed, and the committee's summons
(``delegates.services.delegates_import_from_cells``) refuses while one remains."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from daihoi.congress.models import CellCongressResult, Congress, ResultRole
from daihoi.congress.services import cell_congress_submit_results
from daihoi.core.errors import ServiceError
from daihoi.elections.eligibility import elected_by
from daihoi.elections.models import Election, ElectionKind
from daihoi.roster.models import Member

#: Election kind → the result role of its elected (alternates are the delegates' election's).
ROLE_OF_KIND: dict[str, str] = {
    ElectionKind.CELL_COMMITTEE: ResultRole.COMMITTEE,
    ElectionKind.SECRETARY: ResultRole.SECRETARY,
    ElectionKind.DEPUTY_SECRETARY: ResultRole.DEPUTY_SECRETARY,
    ElectionKind.DELEGATES: ResultRole.DELEGATE,
}

#: Result role → its label in the page's language, read when shown.
ROLE_LABELS: dict[str, str | Promise] = {
    ResultRole.SECRETARY: gettext_lazy("bí thư"),
    ResultRole.DEPUTY_SECRETARY: gettext_lazy("phó bí thư"),
    ResultRole.COMMITTEE: gettext_lazy("chi ủy"),
    ResultRole.DELEGATE: gettext_lazy("đại biểu chính thức"),
    ResultRole.ALTERNATE: gettext_lazy("đại biểu dự khuyết (theo thứ tự)"),
}


@dataclass(frozen=True)
class CellResults:
    """The people of each role, in order (the alternates ranked)."""

    by_role: dict[str, list[Member]] = field(default_factory=dict)

    def ids(self, role: str) -> list[int]:
        return [m.pk for m in self.by_role.get(role, [])]

    def first(self, role: str) -> Member | None:
        people = self.by_role.get(role, [])
        return people[0] if people else None


def counted(cell_congress: Congress) -> CellResults | None:
    """What the cell congress's elections announced in daihoi, or ``None`` if none of them has
    an announced round. The secretary and deputy are members of the committee just elected."""
    by_role: dict[str, list[Member]] = {}
    any_announced = False
    for election in Election.objects.filter(congress=cell_congress).order_by("position", "pk"):
        role = ROLE_OF_KIND.get(election.kind)
        if role is None:
            continue
        result = elected_by(election)
        any_announced = any_announced or result.announced
        by_role.setdefault(role, []).extend(result.elected)
        if election.kind == ElectionKind.DELEGATES:
            by_role.setdefault(ResultRole.ALTERNATE, []).extend(result.alternates)
    return CellResults(by_role) if any_announced else None


def typed(cell_congress: Congress) -> CellResults | None:
    """What the secretary reported (typed), or ``None`` if nothing was."""
    rows = list(CellCongressResult.objects.filter(congress=cell_congress)
                .select_related("member").order_by("role", "position", "pk"))
    if not rows:
        return None
    by_role: dict[str, list[Member]] = {}
    for r in rows:
        by_role.setdefault(r.role, []).append(r.member)
    return CellResults(by_role)


def _committee(results: CellResults) -> set[int]:
    """The cell committee with its secretary and deputy (a report may list them apart)."""
    return {*results.ids(ResultRole.COMMITTEE), *results.ids(ResultRole.SECRETARY),
            *results.ids(ResultRole.DEPUTY_SECRETARY)}


def differences(cell_congress: Congress) -> list[str]:
    """Where both the count and a typed report exist: each role on which they differ, in a
    sentence of the page's language naming the people (empty: they agree, or only one exists)."""
    count, report = counted(cell_congress), typed(cell_congress)
    if count is None or report is None:
        return []
    names = {m.pk: m.full_name for r in (count, report) for ms in r.by_role.values()
             for m in ms}

    def show(ids: list[int] | set[int]) -> str:
        return ", ".join(names[i] for i in ids) or gettext("không có ai")

    def line(role: str, counted: list[int], reported: list[int]) -> str:
        return gettext("%(role)s: kiểm phiếu %(counted)s, báo cáo %(reported)s") % {
            "role": ROLE_LABELS[role], "counted": show(counted), "reported": show(reported)}

    out = []
    for role in (ResultRole.SECRETARY, ResultRole.DEPUTY_SECRETARY):
        if role in count.by_role and count.ids(role) != report.ids(role):
            out.append(line(role, count.ids(role), report.ids(role)))
    if ElectionKind.CELL_COMMITTEE in _kinds(cell_congress) and _committee(count) != _committee(
            report):
        out.append(line(ResultRole.COMMITTEE, sorted(_committee(count)),
                        sorted(_committee(report))))
    if ElectionKind.DELEGATES in _kinds(cell_congress):
        if set(count.ids(ResultRole.DELEGATE)) != set(report.ids(ResultRole.DELEGATE)):
            out.append(line(ResultRole.DELEGATE, count.ids(ResultRole.DELEGATE),
                            report.ids(ResultRole.DELEGATE)))
        if count.ids(ResultRole.ALTERNATE) != report.ids(ResultRole.ALTERNATE):
            out.append(line(ResultRole.ALTERNATE, count.ids(ResultRole.ALTERNATE),
                            report.ids(ResultRole.ALTERNATE)))
    return out


def _kinds(cell_congress: Congress) -> set[str]:
    return set(Election.objects.filter(congress=cell_congress).values_list("kind", flat=True))


def summons_rows(cell_congress: Congress) -> list[tuple[Member, str]]:
    """The delegates then the alternates (ranked) the cell congress sends to the committee's
    congress: from its count where it counted in daihoi, else from its typed report."""
    results = counted(cell_congress) or typed(cell_congress) or CellResults()
    rows: list[tuple[Member, str]] = []
    for role in (ResultRole.DELEGATE, ResultRole.ALTERNATE):
        rows += [(m, str(role)) for m in results.by_role.get(role, [])]
    return rows


def cell_results_from_count(*, actor: Any, cell_congress: Congress) -> Congress:
    """Fill the cell congress's record from what its elections announced (no typing): the
    same service, checks and audit entry as a typed report."""
    results = counted(cell_congress)
    if results is None:
        raise ServiceError(gettext(
            "Đại hội chi bộ này chưa công bố kết quả bầu cử nào trong hệ thống; "
                           "hãy báo cáo kết quả bằng tay."))
    committee = results.by_role.get(ResultRole.COMMITTEE, [])
    return cell_congress_submit_results(
        actor=actor, cell_congress=cell_congress, secretary=results.first(ResultRole.SECRETARY),
        deputy=results.first(ResultRole.DEPUTY_SECRETARY), committee=committee,
        delegates=results.by_role.get(ResultRole.DELEGATE, []),
        alternates=results.by_role.get(ResultRole.ALTERNATE, []),
        note="Theo kết quả kiểm phiếu đã công bố trong hệ thống.")
