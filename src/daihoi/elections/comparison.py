"""The ballot-comparison audit of a round, read for the services, the audit page and the
minutes: the audited desk's reading counted by the engine, the audit it calls for
(``daihoi.tally.audit``), the margin in words, and the sample's comparison.

The arithmetic is the engine's; this module only feeds it the round's reading and words the
answer. The audit's states live on ``SecondReading`` (chosen → drawn → concluded, or
escalated to a full second reading).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from daihoi import tally
from daihoi.core.numbers import vn_number, vn_percent
from daihoi.core.printing.blocks import Block, Para, Run
from daihoi.elections import keying, selectors
from daihoi.elections.models import (
    AuditOutcome,
    BallotEntry,
    EntryDesk,
    Resolution,
    Round,
    RoundStatus,
    SecondReading,
    SecondReadingMethod,
)
from daihoi.tally import audit, texts

#: The sample's counting numbers shown on one line of the printable list.
SERIALS_PER_LINE = 10


@dataclass(frozen=True)
class Provisional:
    """The audited desk's reading (with the head's rulings) as the engine counts it, and the
    audit it calls for."""

    result: tally.TallyResult
    plan: tally.AuditPlan


def risk_limit(reading: SecondReading) -> float:
    return audit.risk_limit_from_percent(reading.risk_limit)


def provisional(rnd: Round, reading: SecondReading) -> Provisional:
    """Count the audited desk's reading with the engine and plan the audit: the smallest margin,
    the diluted margin over the ballots collected (every counting number of the box) and the
    sample size. Raises ``tally.TallyInputError`` or ``tally.AuditInputError``."""
    counted = selectors.counted_contents(rnd)
    result = tally.tally(selectors.tally_election(rnd, list(counted.values())))
    plan = tally.plan_audit(result, ballots=rnd.ballots_collected or 0,
                            risk_limit=risk_limit(reading))
    return Provisional(result, plan)


def margin_detail(margin: tally.Margin, result: tally.TallyResult) -> dict[str, Any]:
    """What the draw stores of the margin that decides: its kind, the ballot positions, their
    votes and the threshold (enough to word it after the round is counted)."""
    return {"kind": str(margin.kind), "candidates": list(margin.candidates),
            "votes": [result.votes[i] for i in margin.candidates],
            "threshold": result.threshold}


def margin_text(detail: dict[str, Any], labels: list[str]) -> str:
    """The margin that decides, in words, with the candidates' names (the engine's wording,
    ``texts.MARGIN_LABELS``)."""
    if not detail:
        return ""
    kind = tally.MarginKind(detail["kind"])
    names = [labels[i] if 0 <= i < len(labels) else str(i + 1) for i in detail["candidates"]]
    votes = [vn_number(v) for v in detail["votes"]]
    values = {"a": names[0], "va": votes[0], "b": names[1] if len(names) > 1 else "",
              "vb": votes[1] if len(votes) > 1 else "", "t": vn_number(detail["threshold"]),
              "names": ", ".join(names)}
    return gettext(texts.MARGIN_LABELS[kind]) % values


def serial_lines(serials: list[int]) -> list[str]:
    """The counting numbers to pull from the box, ascending, ``SERIALS_PER_LINE`` a line."""
    ordered = sorted(serials)
    return [", ".join(str(s) for s in ordered[i:i + SERIALS_PER_LINE])
            for i in range(0, len(ordered), SERIALS_PER_LINE)]


@dataclass(frozen=True)
class Sampled:
    """One drawn ballot: the audited reading (the head's ruling where he ruled), the audit
    desk's reading (None until keyed), and whether the head ruled on it with the paper."""

    serial: int
    audited: str | None
    audit: str | None
    ruled: bool

    @property
    def keyed(self) -> bool:
        return self.ruled or self.audit is not None

    @property
    def agrees(self) -> bool:
        return self.ruled or (self.audit is not None and self.audit == self.audited)


def sample_comparison(rnd: Round, reading: SecondReading) -> list[Sampled]:
    """Each drawn ballot, ascending, with both readings. Only the services and the head's audit
    page read this (the audit desk never sees the audited reading)."""
    serials = sorted(reading.serials)
    audited = dict(BallotEntry.objects.filter(desk_id=reading.audited_desk_id,
                                              serial__in=serials).values_list("serial",
                                                                              "content"))
    checked = dict(BallotEntry.objects.filter(desk_id=reading.audit_desk_id,
                                              serial__in=serials).values_list("serial",
                                                                              "content"))
    ruled = dict(Resolution.objects.filter(round=rnd, serial__in=serials)
                 .values_list("serial", "content"))
    return [Sampled(s, ruled.get(s, audited.get(s)), checked.get(s), s in ruled)
            for s in serials]


# --------------------------------------------------------------------------- the pages

#: The statuses in which the head may still choose the second reading (before the count is
#: reconciled).
_CHOOSABLE = (RoundStatus.PREPARED, RoundStatus.BALLOTS_ISSUED, RoundStatus.VOTING_CLOSED,
              RoundStatus.COUNTING)


def method_line(reading: SecondReading | None, rnd: Round) -> str:
    """The second reading in one sentence, as the round page and the minutes state it."""
    if reading is not None and reading.method == SecondReadingMethod.SECOND_SCAN:
        teams = [d.team for d in selectors.scan_desks(rnd)]
        return gettext(
            "Quét lại mọi phiếu lần thứ hai: bàn quét số %(first)s và bàn quét số %(second)s "
            "mỗi bàn quét riêng mọi phiếu qua máy quét, kết quả đọc được đối chiếu như các bàn "
            "nhập (%(n)s bàn độc lập).") % {
                "first": teams[0] if teams else "—",
                "second": teams[1] if len(teams) > 1 else "—", "n": rnd.teams_required}
    if reading is None or not reading.is_audit:
        return gettext("Một bàn khác nhập lại mọi phiếu (%(n)s bàn nhập độc lập).") % {
            "n": rnd.teams_required}
    assert reading.audited_desk is not None
    assert reading.audit_desk is not None
    return gettext(
        "%(method)s: kết quả đọc của bàn số %(audited)s được kiểm tra bằng các phiếu rút ngẫu "
        "nhiên, đọc lại ở bàn số %(audit)s; giới hạn rủi ro %(risk)s%%.") % {
            "method": texts.line_start(gettext(audit.METHOD_NAME)), "risk": reading.risk_limit,
            "audited": reading.audited_desk.team, "audit": reading.audit_desk.team}


def round_choice(rnd: Round, head: bool) -> dict[str, Any]:
    """The round page's part of the second reading: the choice in words for everyone who sees
    the round, and for the head, until the sample is drawn, the form to choose it."""
    reading = selectors.second_reading_of(rnd)
    can_choose = head and rnd.status in _CHOOSABLE and not (reading and reading.drawn)
    return {
        "second_reading": reading,
        "second_reading_line": method_line(reading, rnd),
        "can_choose_second_reading": can_choose,
        "risk_limits": audit.RISK_LIMIT_CHOICES_PERCENT,
        "risk_limit_range": (audit.RISK_LIMIT_MIN_PERCENT, audit.RISK_LIMIT_MAX_PERCENT),
        "risk_limit_chosen": reading.risk_limit if reading else
        audit.RISK_LIMIT_DEFAULT_PERCENT,
        "audit_method": SecondReadingMethod.COMPARISON_AUDIT,
        "full_method": SecondReadingMethod.FULL,
        "second_scan_method": SecondReadingMethod.SECOND_SCAN,
        "second_scan_possible": selectors.second_scan_possible(rnd),
        "method_name": texts.line_start(gettext(audit.METHOD_NAME)),
    }


def _percent(margin: int, ballots: int) -> str:
    return vn_percent(audit.diluted_percent(audit.diluted_margin(margin, ballots)))


def audit_page(rnd: Round) -> dict[str, Any]:
    """Everything the head's audit page shows (its words through gettext, numbers Vietnamese
    style)."""
    reading = selectors.second_reading_of(rnd)
    ctx: dict[str, Any] = {"reading": reading, "is_audit": bool(reading and reading.is_audit),
                           "method_line": method_line(reading, rnd),
                           "method_name": texts.line_start(gettext(audit.METHOD_NAME)),
                           "seed_digits": audit.SEED_MIN_DIGITS}
    if reading is None or not reading.is_audit:
        return ctx
    labels = selectors.round_labels(rnd)
    ctx["progress"] = selectors.desk_progress(rnd)
    if not reading.drawn:
        issues: list[str] = []
        if rnd.status != RoundStatus.COUNTING:
            issues.append(gettext("Rút mẫu khi đang kiểm phiếu, sau khi bàn được kiểm tra nhập "
                                  "xong mọi phiếu."))
        else:
            issues += selectors.issues_before_draw(rnd, reading)
        ctx["draw_issues"] = issues
        if not issues:
            try:
                p = provisional(rnd, reading)
            except (tally.TallyInputError, audit.AuditInputError) as exc:
                ctx["draw_issues"] = [str(exc)]
            else:
                ctx["preview"] = {
                    "margin": p.plan.margin.votes,
                    "margin_text": margin_text(margin_detail(p.plan.margin, p.result), labels),
                    "ballots": p.plan.ballots, "diluted": _percent(p.plan.margin.votes,
                                                                   p.plan.ballots),
                    "size": p.plan.size, "full": p.plan.full}
        return ctx
    ballots = reading.ballots or 0
    ctx["figures"] = {
        "margin": reading.margin, "margin_text": margin_text(reading.margin_detail, labels),
        "ballots": ballots, "diluted": _percent(reading.margin or 0, ballots),
        "size": reading.sample_size, "full": reading.full_required}
    ctx["serial_lines"] = serial_lines(reading.serials)
    sample = sample_comparison(rnd, reading)
    ctx["sampled"] = len(sample)
    ctx["keyed"] = sum(1 for s in sample if s.keyed)
    ctx["ruled"] = [s.serial for s in sample if s.ruled]
    ctx["can_conclude"] = (rnd.status == RoundStatus.COUNTING and not reading.outcome
                           and not reading.full_required and ctx["keyed"] == len(sample))
    if reading.discrepancies:
        differ = set(reading.discrepancies)
        ctx["discrepancies"] = [
            (s.serial, keying.describe(s.audited, labels) if s.audited else "—",
             keying.describe(s.audit, labels) if s.audit else "—")
            for s in sample if s.serial in differ]
    return ctx


def desk_note(desk: EntryDesk) -> str:
    """What a desk's page says of the audit it takes part in (never a reading): the audit desk
    keys the drawn ballots only; the audited desk's reading is fixed once drawn; any other desk
    keys nothing while the audit decides. Empty outside an audit."""
    reading = selectors.audit_in_force(desk.round)
    if reading is None:
        return ""
    if desk.pk == reading.audit_desk_id:
        if not reading.drawn:
            return gettext("Bàn kiểm tra đối chiếu: chờ Trưởng ban rút mẫu; sau đó số của từng "
                           "phiếu được rút hiện lần lượt ở đây.")
        sample = selectors.audit_to_key(desk.round, reading)
        done = BallotEntry.objects.filter(desk=desk, serial__in=sample).count()
        if done == len(sample):
            return gettext("Bàn kiểm tra đối chiếu: đã nhập đủ %(n)s phiếu được rút. Trưởng ban "
                           "kết luận kiểm tra.") % {"n": len(sample)}
        return gettext("Bàn kiểm tra đối chiếu: chỉ nhập các phiếu được rút (đã nhập %(k)s/%(n)s)."
                       ) % {"k": done, "n": len(sample)}
    if desk.pk == reading.audited_desk_id:
        if reading.drawn:
            return gettext("Đã rút mẫu kiểm tra đối chiếu: kết quả đọc của bàn này đã chốt.")
        return ""
    return gettext("Lần bỏ phiếu này đọc phiếu lần hai bằng kiểm tra đối chiếu: bàn này không "
                   "nhập phiếu.")


# --------------------------------------------------------------------------- the minutes


def checked_by_audit(rnd: Round) -> bool:
    """The round was counted on one desk's reading, confirmed by a ballot-comparison audit
    (not by a second desk keying every ballot)."""
    reading = selectors.second_reading_of(rnd)
    return reading is not None and reading.active and reading.outcome == AuditOutcome.CONFIRMED


def minutes_blocks(rnd: Round) -> list[Block]:
    """The second reading in the counting minutes (always Vietnamese): the method named in
    words and, for a ballot-comparison audit, the risk limit, the smallest margin, the sample
    size, the seed, the counting numbers drawn and the outcome."""
    reading = selectors.second_reading_of(rnd)

    def item(*runs: Run | str) -> Para:
        return Para.of("– ", *runs, indent=4, after=1)

    def strong(text: object) -> Run:
        return Run(str(text), bold=True)

    out: list[Block] = [item("Đọc phiếu lần hai: ", method_line(reading, rnd))]
    if reading is None or not reading.is_audit or not reading.drawn:
        return out
    labels = selectors.round_labels(rnd)
    ballots = reading.ballots or 0
    audited = reading.audited_desk.team if reading.audited_desk else "—"
    # In words: the Party's typeface has no ceiling brackets.
    out.append(item(f"Số phiếu kiểm tra tính theo {audit.METHOD_SOURCE}: n = −2γ·ln(α)/μ, làm "
                    "tròn lên số nguyên, trong đó α là giới hạn rủi ro, μ là chênh lệch nhỏ nhất "
                    f"chia cho số phiếu thu vào, γ = {vn_number(audit.GAMMA, 5)}."))
    out.append(item("Chênh lệch nhỏ nhất quyết định kết quả: ",
                    strong(f"{vn_number(reading.margin or 0)} phiếu"),
                    f" ({margin_text(reading.margin_detail, labels)}); tỷ lệ trên ",
                    f"{vn_number(ballots)} phiếu thu vào (μ): ",
                    strong(f"{_percent(reading.margin or 0, ballots)}%"), "."))
    out.append(item("Số phiếu cần kiểm tra: ",
                    strong("mọi phiếu (chênh lệch quá nhỏ để kiểm tra bằng mẫu)"
                           if reading.full_required else
                           f"{vn_number(reading.sample_size or 0)}/{vn_number(ballots)}"), "."))
    out.append(item("Dãy số Ban kiểm phiếu gieo xúc xắc để rút phiếu: ", strong(reading.seed),
                    "."))
    if reading.serials:
        out.append(item("Các phiếu được rút (số thứ tự kiểm phiếu): ",
                        ", ".join(str(s) for s in sorted(reading.serials)), "."))
    if reading.full_required:
        outcome = ("toàn bộ phiếu đã được nhập lại ở bàn thứ hai và đối chiếu đầy đủ.")
    elif reading.outcome == AuditOutcome.CONFIRMED:
        outcome = (f"{len(reading.serials)} phiếu được rút đều đọc giống bàn số {audited}; "
                   f"không có sai khác, kết quả đọc của bàn số {audited} được xác nhận.")
    else:
        differ = ", ".join(str(s) for s in reading.discrepancies)
        outcome = (f"{len(reading.discrepancies)} phiếu đọc khác nhau (số {differ}): Ban kiểm "
                   "phiếu đã cho nhập lại toàn bộ phiếu và đối chiếu đầy đủ.")
    out.append(item("Kết quả kiểm tra: ", strong(outcome)))
    return out
