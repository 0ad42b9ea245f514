"""Matching checked rows to the members of the subtree: which rows add a member, which update
one (and by which key), and the duplicates inside the file (reported with the other errors,
in the same pass)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, gettext_noop

from daihoi.roster.choices import LEFT_STATUSES, MemberStatus
from daihoi.roster.fileformat import norm
from daihoi.roster.importing.checking import FIELDS, IDX, KEY_FIELDS, CheckedRow, Context
from daihoi.roster.importing.results import ImportResult, Problem
from daihoi.roster.models import Member

#: Rows per INSERT/UPDATE statement and per lookup query.
BATCH_SIZE = 2000
#: Fields written when an existing member is updated (the record; cell and status have history).
RECORD_FIELDS: tuple[str, ...] = tuple(f for f in FIELDS if f not in ("cell_id", "status"))
#: The keys a row is matched by, in the reader's words through ``gettext``.
KEY_LABELS = {
    "card_number": gettext_noop("số thẻ"), "dossier_number": gettext_noop("số lý lịch"),
    "citizen_id": gettext_noop("số CCCD"), "name": gettext_noop("họ tên và ngày sinh"),
}
Progress = Callable[[str, int, int | None], None]


@dataclass
class Plan:
    creates: list[tuple[Any, ...]] = field(default_factory=list)
    #: (row, member pk, version seen, status before, cell before)
    updates: list[tuple[tuple[Any, ...], int, int, str, int]] = field(default_factory=list)
    #: Row number → how it was matched ("card_number"…), or "" for a new member.
    matched: dict[int, str] = field(default_factory=dict)
    unchanged: set[int] = field(default_factory=set)


def chunks(items: list[Any], size: int = BATCH_SIZE) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _key_problem(ctx: Context, number: int, name: str, message: str, value: str) -> Problem:
    col = ctx.mapping.field_columns().get(name)
    return Problem(message, number, ctx.mapping.header_of(col) if col is not None else None,
                   ctx.mapping.sheet, value, col)


def report_duplicates(checked: list[CheckedRow], ctx: Context, result: ImportResult) -> None:
    """Every row whose card, dossier or citizen number repeats another row's, each naming it."""
    for i, name in enumerate(KEY_FIELDS):
        first: dict[str, int] = {}
        reported: set[str] = set()
        for row in checked:
            key = row.keys[i]
            if key is None:
                continue
            if key not in first:
                first[key] = row.number
                continue
            if key not in reported:  # the first row, once, naming the second
                reported.add(key)
                result.add_error(_key_problem(
                    ctx, first[key], name,
                    _duplicate(name, key, row.number), key,
                ))
            result.add_error(_key_problem(
                ctx, row.number, name,
                _duplicate(name, key, first[key]), key,
            ))


def _duplicate(name: str, key: str, row: int) -> str:
    return gettext("%(what)s “%(key)s” trùng với dòng %(row)s.") % {
        "what": gettext(KEY_LABELS[name]), "key": key, "row": row}


def match(
    checked: list[CheckedRow], ctx: Context, result: ImportResult, report: Progress
) -> Plan:
    """Decide, per row without error, create or update (by card, dossier or citizen number,
    or for a member without a card by name and date of birth)."""
    org = ctx.org
    rows = [r.values for r in checked if r.values is not None]
    total = len(rows)
    report("checking", 0, total)
    report_duplicates(checked, ctx, result)
    subtree = Member.objects.filter(cell__path__startswith=org.path)
    by_key: dict[str, dict[str, int]] = {name: {} for name in KEY_FIELDS}
    no_card: dict[tuple[str, str, str, dt.date], list[int]] = {}
    for member_pk, card, dossier, citizen, family, middle, given, born in subtree.values_list(
        "pk", "card_number", "dossier_number", "citizen_id", "family_name", "middle_name",
        "given_name", "date_of_birth",
    ).iterator(chunk_size=BATCH_SIZE):
        for name, key in zip(KEY_FIELDS, (card, dossier, citizen), strict=True):
            if key:
                by_key[name][key] = member_pk
        if not card:
            no_card.setdefault((norm(family), norm(middle), norm(given), born), []).append(
                member_pk)
    # Card numbers used outside the subtree.
    cards = [r[IDX["card_number"]] for r in rows if r[IDX["card_number"]]]
    foreign = [c for c in cards if c not in by_key["card_number"]]
    taken: set[str] = set()
    for chunk in chunks(foreign):
        taken.update(
            card for card in Member.objects.filter(card_number__in=chunk)
            .exclude(cell__path__startswith=org.path).values_list("card_number", flat=True)
            if card is not None
        )
    plan = Plan()
    matched: dict[int, int] = {}
    targets: list[tuple[tuple[Any, ...], int]] = []
    for done, row in enumerate(rows, start=1):
        number = row[0]
        card = row[IDX["card_number"]]
        if card is not None and card in taken:
            result.add_error(_key_problem(
                ctx, number, "card_number",
                gettext("số thẻ “%(card)s” đã là của một đảng viên ngoài %(org)s; nếu đảng viên "
                        "chuyển đến, hãy làm thủ tục chuyển sinh hoạt trước.")
                % {"card": card, "org": org.name}, card,
            ))
            continue
        found = {
            name: by_key[name][row[IDX[name]]]
            for name in KEY_FIELDS if row[IDX[name]] and row[IDX[name]] in by_key[name]
        }
        if len(set(found.values())) > 1:
            names = ", ".join(gettext(KEY_LABELS[n]) for n in found)
            result.add_error(Problem(
                gettext("%(keys)s của dòng này thuộc về những đảng viên khác nhau; hãy kiểm tra "
                        "lại.") % {"keys": names},
                number, None, ctx.mapping.sheet,
            ))
            continue
        pk: int | None = next(iter(found.values()), None)
        how = next(iter(found), "")
        if pk is None and card is None:
            candidates = no_card.get((
                norm(row[IDX["family_name"]]), norm(row[IDX["middle_name"]]),
                norm(row[IDX["given_name"]]), row[IDX["date_of_birth"]],
            ), [])
            if len(candidates) > 1:
                result.add_error(Problem(
                    gettext("có %(n)s đảng viên chưa có thẻ cùng họ tên và ngày sinh này; không "
                            "biết cập nhật người nào. Hãy sửa trên trang hồ sơ.")
                    % {"n": len(candidates)}, number, None,
                    ctx.mapping.sheet,
                ))
                continue
            if candidates:
                pk, how = candidates[0], "name"
        if pk is None:
            plan.creates.append(row)
            plan.matched[number] = ""
        elif pk in matched:
            result.add_error(Problem(
                gettext("dòng này và dòng %(row)s cùng là một đảng viên.") % {"row": matched[pk]},
                number, None,
                ctx.mapping.sheet,
            ))
        else:
            matched[pk] = number
            plan.matched[number] = how
            targets.append((row, pk))
        if done % 5000 == 0:
            report("checking", done, total)
    _compare(targets, plan, ctx, result)
    result.created = len(plan.creates)
    result.updated = len(plan.updates)
    status_i, cell_i = IDX["status"], IDX["cell_id"]
    result.status_changes = sum(
        1 for r in plan.creates if r[status_i] != MemberStatus.ACTIVE
    ) + sum(1 for r, _, _, status, _ in plan.updates if r[status_i] != status)
    result.cell_changes = sum(1 for r, _, _, _, cell in plan.updates if r[cell_i] != cell)
    for r, _, _, _, _ in plan.updates:
        how = plan.matched[r[0]]
        result.matched_by[how] = result.matched_by.get(how, 0) + 1
    report("checking", total, total)
    return plan


def _compare(
    targets: list[tuple[tuple[Any, ...], int]], plan: Plan, ctx: Context, result: ImportResult
) -> None:
    """Compare with the stored records: only changed rows are updated."""
    compare = ("pk", "version", *RECORD_FIELDS, "cell_id", "status")
    for chunk in chunks(targets):
        stored = {
            values[0]: values
            for values in Member.objects.filter(pk__in=[pk for _, pk in chunk]).values_list(
                *compare
            )
        }
        for row, pk in chunk:
            new = dict(zip(FIELDS, row[1:], strict=True))
            old = dict(zip(compare, stored[pk], strict=True))
            if all(new[f] == old[f] for f in (*RECORD_FIELDS, "cell_id", "status")):
                result.unchanged += 1
                plan.unchanged.add(row[0])
                continue
            if new["cell_id"] != old["cell_id"] and old["status"] in LEFT_STATUSES:
                result.add_error(_key_problem(
                    ctx, row[0], "cell", "đảng viên đã rời đảng bộ; không chuyển chi bộ được.",
                    "",
                ))
                continue
            plan.updates.append((row, pk, old["version"], old["status"], old["cell_id"]))
