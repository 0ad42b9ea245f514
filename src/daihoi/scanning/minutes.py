"""The scanner's rulings in the counting minutes (provided to ``elections.slots.scan_rulings``):
one line per name the board head ruled, per ballot ruled invalid, per ballot read by hand;
always in Vietnamese (a printed document). With two scan desks (a second scan) each line names
its desk."""

from __future__ import annotations

from django.utils import translation

from daihoi.elections import keying
from daihoi.elections.models import Round
from daihoi.scanning import labels, selectors
from daihoi.scanning.models import BallotRuling, BallotState, ScannedBallot


def rulings_for_minutes(rnd: Round) -> list[str]:
    names = selectors.labels_of(rnd)
    words = labels.RULINGS_CROSS_OUT if selectors.cross_out(rnd) else labels.RULINGS_MARKED
    lines: list[str] = []
    ruled = (ScannedBallot.objects.filter(round=rnd, state=BallotState.COUNTED)
             .exclude(ruling="").select_related("desk").prefetch_related("marks")
             .order_by("desk_id", "serial"))
    two = selectors.names_desks(rnd)
    with translation.override("vi"):
        for ballot in ruled:
            no = (f"{selectors.desk_label(ballot.desk)}, phiếu số {ballot.serial}" if two
                  else f"Phiếu số {ballot.serial}")
            if ballot.ruling == BallotRuling.MARKS:
                for m in sorted(ballot.marks.all(), key=lambda m: m.position):
                    name = names[m.position] if m.position < len(names) else ""
                    lines.append(
                        f"{no}, tên thứ {m.position + 1} {name}: "
                        f"{labels.UNSURE.get(m.reason, m.reason)} — Ban kiểm phiếu quyết định: "
                        f"{words.get(m.ruling, m.ruling)}.")
            elif ballot.ruling == BallotRuling.INVALID:
                reason = keying.reason_label(keying.RULINGS.get(ballot.ruled_reason, ""))
                lines.append(f"{no}: Ban kiểm phiếu quyết định phiếu không "
                             f"hợp lệ ({reason[:1].lower() + reason[1:]})"
                             + (f" — {ballot.ruling_note}" if ballot.ruling_note else "") + ".")
            elif ballot.ruling == BallotRuling.BY_HAND:
                why = labels.REJECTIONS.get(ballot.rejection, ballot.rejection)
                lines.append(f"{no} (máy không đọc được: {why}): Trưởng ban "
                             f"đọc phiếu gốc — ghi nhận: "
                             f"{keying.describe(ballot.ruled_content, names)}"
                             + (f" — {ballot.ruling_note}" if ballot.ruling_note else "") + ".")
    return lines
