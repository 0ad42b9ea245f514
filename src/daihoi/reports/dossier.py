"""The congress dossier (hồ sơ đại hội): every document an office prints for a congress and for
each of its cell congresses, in the order the dossier files them, each with whether it can be
printed yet and, if not, what is missing. A document whose data are not complete is never
printed into the dossier (no half-filled document presented as final): its index line says
what is missing.

Each :class:`DossierItem` carries its writers (PDF, DOCX) as functions called only when the
file is written, one at a time, so that the ZIP (:func:`zip_stream`) and the command line
(``daihoi congress dossier``) hold one document in memory at a time.

Titles and kinds are the printed documents' (Vietnamese, whatever the page's language: a
kind is translated when a page shows it, from its ``gettext_noop`` mark); what is missing is
said in the language active when the dossier is built: the page's, or Vietnamese for what is
printed (:func:`printed_dossiers`).

Personnel plans are confidential (:attr:`DossierItem.confidential`): the dossier is for the
office only (``congress.access.can_manage_congress``).

It reads every app and writes nothing: a report."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from daihoi import clock
from daihoi.congress.models import Congress, CongressKind, ProgrammeItem
from daihoi.delegates.models import Delegate, DelegateStatus
from daihoi.documents.models import Distribution, Document, Version
from daihoi.elections import selectors as election_selectors
from daihoi.elections.models import Election, Round, RoundStatus
from daihoi.elections.outcome import ElectionOutcome, election_outcomes
from daihoi.personnel.models import PersonnelPlan
from daihoi.reports import lists
from daihoi.reports.resolution import (
    ResolutionState,
    resolution_docx,
    resolution_pdf,
    resolution_states,
)

Writer = Callable[[], bytes]


@dataclass(frozen=True)
class DossierItem:
    """One document of the dossier. ``stem``: its file name without extension; ``pdf``,
    ``docx``: its writers (None: not printed in that format, or not ready)."""

    stem: str
    kind: str
    title: str
    missing: tuple[str, ...] = ()
    pdf: Writer | None = None
    docx: Writer | None = None
    confidential: bool = False

    @property
    def ready(self) -> bool:
        return not self.missing and self.pdf is not None

    @property
    def files(self) -> tuple[str, ...]:
        if not self.ready:
            return ()
        return tuple(f"{self.stem}.{ext}" for ext, w in (("pdf", self.pdf), ("docx", self.docx))
                     if w is not None)

    def index_line(self) -> lists.IndexLine:
        return lists.IndexLine(self.title, self.kind, self.files, self.missing,
                               self.confidential)


@dataclass
class CongressDossier:
    congress: Congress
    folder: str
    items: list[DossierItem] = field(default_factory=list)

    @property
    def ready(self) -> int:
        return sum(1 for i in self.items if i.ready)


# --------------------------------------------------------------------------- names

_NON_WORD = re.compile(r"[^a-z0-9]+")

#: The longest slug: file names stay short enough for every archive tool's path limit.
SLUG_MAX = 60


def slug(text: str) -> str:
    """``Biên bản kiểm phiếu`` → ``bien-ban-kiem-phieu``: ASCII file names that every archive
    tool and every office machine reads. A longer text is cut after its last whole word that
    fits in :data:`SLUG_MAX` characters (a single word longer than that, mid-word): a name
    never ends with half a word. The documents' numbers (``01-``…) keep the names unique."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    whole = _NON_WORD.sub("-", ascii_text.lower()).strip("-")
    if len(whole) <= SLUG_MAX:
        return whole
    cut = whole.rfind("-", 0, SLUG_MAX + 1)  # a hyphen right after the limit still ends a word
    return whole[:cut] if cut > 0 else whole[:SLUG_MAX]


def folder_name(congress: Congress) -> str:
    return f"{slug(congress.organization.code)}-{slug(congress.organization.name)}"


# --------------------------------------------------------------------------- the items

#: The kinds, as the index prints them; the page translates them (``{% translate item.kind %}``).
KIND_PROGRAMME = gettext_noop("Chương trình")
KIND_SUMMARY = gettext_noop("Báo cáo tổng hợp ý kiến")
KIND_PLAN = gettext_noop("Đề án nhân sự")
KIND_DELEGATES = gettext_noop("Danh sách triệu tập")
KIND_CREDENTIALS = gettext_noop("Báo cáo thẩm tra tư cách")
KIND_BALLOT = gettext_noop("Phiếu bầu")
KIND_MINUTES = gettext_noop("Biên bản kiểm phiếu")
KIND_ELECTED = gettext_noop("Danh sách trúng cử")
KIND_RESOLUTION = gettext_noop("Nghị quyết")


@dataclass
class _Facts:
    """What the dossier's index reads of its congresses, read for all of them at once: a
    fixed number of queries whatever the number of cells, documents, elections and rounds.
    The rules stay with their owners (each is called with what was read here)."""

    programme: set[int]  # congress ids with a working programme
    documents: dict[int, list[Document]]  # by congress, by id
    versioned: set[int]  # document ids with a version
    sent: set[int]  # document ids sent to a cell
    plans: dict[int, list[PersonnelPlan]]  # by congress, by id
    listed: set[int]  # congress ids with a delegate list
    summoned: set[int]  # congress ids with a delegate summoned
    elections: dict[int, list[Election]]  # by congress, in their order
    rounds: dict[int, list[Round]]  # by election, by sequence
    list_sizes: dict[int, int]  # round id → names on its list
    sql_checks: dict[int, str]  # round id → what the independent SQL count blocks
    outcomes: dict[int, ElectionOutcome]  # by election
    resolutions: dict[int, ResolutionState]  # by congress


def _ids(rows: QuerySet[Any, Any]) -> set[int]:
    return set(rows.order_by().distinct())


def _facts(congresses: list[Congress]) -> _Facts:
    by_pk = {c.pk: c for c in congresses}
    ids = list(by_pk)
    documents: dict[int, list[Document]] = {pk: [] for pk in ids}
    for doc in Document.objects.filter(congress_id__in=ids).order_by("pk"):
        documents[doc.congress_id].append(doc)
    plans: dict[int, list[PersonnelPlan]] = {pk: [] for pk in ids}
    for plan in PersonnelPlan.objects.filter(congress_id__in=ids).order_by("pk"):
        plans[plan.congress_id].append(plan)
    elections: dict[int, list[Election]] = {pk: [] for pk in ids}
    all_elections = list(Election.objects.filter(congress_id__in=ids).order_by("position", "pk"))
    for election in all_elections:
        election.congress = by_pk[election.congress_id]  # its title reads the organization's
        elections[election.congress_id].append(election)
    by_election = {e.pk: e for e in all_elections}
    rounds: dict[int, list[Round]] = {pk: [] for pk in by_election}
    all_rounds = list(Round.objects.filter(election_id__in=list(by_election)).order_by(
        "election_id", "sequence"))
    for rnd in all_rounds:
        rnd.election = by_election[rnd.election_id]
        rounds[rnd.election_id].append(rnd)
    delegates = Delegate.objects.filter(congress_id__in=ids)
    return _Facts(
        programme=_ids(ProgrammeItem.objects.filter(congress_id__in=ids)
                       .values_list("congress_id", flat=True)),
        documents=documents,
        versioned=_ids(Version.objects.filter(document__congress_id__in=ids)
                       .values_list("document_id", flat=True)),
        sent=_ids(Distribution.objects.filter(document__congress_id__in=ids)
                  .values_list("document_id", flat=True)),
        plans=plans,
        listed=_ids(delegates.values_list("congress_id", flat=True)),
        summoned=_ids(delegates.filter(status=DelegateStatus.SUMMONED)
                      .values_list("congress_id", flat=True)),
        elections=elections,
        rounds=rounds,
        list_sizes=election_selectors.list_sizes(all_rounds),
        sql_checks=election_selectors.sql_checks(all_rounds),
        outcomes=election_outcomes(all_elections),
        resolutions=resolution_states(congresses),
    )


def _programme(congress: Congress, facts: _Facts) -> DossierItem:
    from daihoi.congress.printing import programme_docx, programme_pdf

    title = "Chương trình làm việc của Đại hội"
    if congress.pk not in facts.programme:
        return DossierItem("chuong-trinh", KIND_PROGRAMME, title,
                           (gettext("Chưa lập chương trình làm việc (trang Chương trình)."),))
    on = None  # the congress's day once it is past (congress.issuers.document_day)
    return DossierItem("chuong-trinh", KIND_PROGRAMME, title,
                       pdf=lambda: programme_pdf(congress, on),
                       docx=lambda: programme_docx(congress, on))


def _summaries(congress: Congress, facts: _Facts) -> list[DossierItem]:
    from daihoi.documents import printing
    from daihoi.documents.selectors import summary_report

    out = []
    docs = facts.documents[congress.pk]
    sent = facts.sent
    on = None  # the congress's day once it is past (congress.issuers.document_day)
    for doc in (d for d in docs if not d.is_upper_level):
        title = f"Báo cáo tổng hợp ý kiến góp ý vào {doc.title}"
        stem = f"tong-hop-y-kien-{doc.pk}"
        missing = []
        if doc.pk not in facts.versioned:
            missing.append(gettext("Văn kiện “%(title)s” chưa có phiên bản nào.")
                           % {"title": doc.title})
        if doc.pk not in sent:
            missing.append(_unsent(doc.title))
        if missing:
            out.append(DossierItem(stem, KIND_SUMMARY, title, tuple(missing)))
            continue

        def pdf(doc: Document = doc) -> bytes:
            return printing.summary_pdf(summary_report(doc), on)

        def docx(doc: Document = doc) -> bytes:
            return printing.summary_docx(summary_report(doc), on)

        out.append(DossierItem(stem, KIND_SUMMARY, title, pdf=pdf, docx=docx))
    upper = [d for d in docs if d.is_upper_level]
    if upper:
        title = "Báo cáo tổng hợp ý kiến góp ý vào dự thảo văn kiện của cấp trên"
        unsent = [d.title for d in upper if d.pk not in sent]
        if unsent:
            out.append(DossierItem("tong-hop-y-kien-cap-tren", KIND_SUMMARY, title, tuple(
                _unsent(t) for t in unsent)))
        else:
            def reports() -> list[object]:
                return [summary_report(d) for d in upper]

            out.append(DossierItem(
                "tong-hop-y-kien-cap-tren", KIND_SUMMARY, title,
                pdf=lambda: printing.upper_pdf(congress, reports(), on),  # type: ignore[arg-type]
                docx=lambda: printing.upper_docx(congress, reports(), on)))  # type: ignore[arg-type]
    return out


def _unsent(title: str) -> str:
    return gettext("Văn kiện “%(title)s” chưa gửi chi bộ nào lấy ý kiến.") % {"title": title}


def _plans(congress: Congress, facts: _Facts) -> list[DossierItem]:
    from daihoi.personnel.printing import plan_docx, plan_pdf

    out = []
    for plan in facts.plans[congress.pk]:
        out.append(DossierItem(
            f"de-an-nhan-su-{plan.pk}", KIND_PLAN, f"{_printed_kind(plan)} — {plan.name}",
            pdf=partial(_plan_file, plan_pdf, plan), docx=partial(_plan_file, plan_docx, plan),
            confidential=True))
    return out


def _printed_kind(plan: Any) -> str:
    with translation.override("vi"):
        return str(plan.get_kind_display())


def _plan_file(writer: Callable[[Any], bytes], plan: Any) -> bytes:
    from daihoi.personnel.selectors import plan_view

    return writer(plan_view(plan))


def _delegates(congress: Congress, facts: _Facts) -> DossierItem:
    title = lists.delegate_list_title(congress)
    missing = lists.delegate_list_missing(congress, congress.pk in facts.listed)
    if missing:
        return DossierItem("danh-sach-trieu-tap", KIND_DELEGATES, title, tuple(missing))
    return DossierItem("danh-sach-trieu-tap", KIND_DELEGATES, title,
                       pdf=lambda: lists.delegate_list(congress, "pdf"),
                       docx=lambda: lists.delegate_list(congress, "docx"))


def _credentials(congress: Congress, facts: _Facts) -> DossierItem:
    from daihoi.delegates.printing import credentials_docx, credentials_pdf
    from daihoi.delegates.selectors import credentials_report

    title = "Báo cáo thẩm tra tư cách đại biểu"
    if congress.pk not in facts.summoned:
        return DossierItem("tham-tra-tu-cach", KIND_CREDENTIALS, title, (
            gettext("Chưa có danh sách đại biểu được triệu tập (trang Đại biểu)."),))
    return DossierItem("tham-tra-tu-cach", KIND_CREDENTIALS, title,
                       pdf=lambda: credentials_pdf(credentials_report(congress)),
                       docx=lambda: credentials_docx(credentials_report(congress)))


def _printed_title(election: Election) -> str:
    """The election's title as its documents print it (in Vietnamese, whatever the page's
    language): the documents' titles and file names are the same on every page."""
    with translation.override("vi"):
        return election.title


def _round_items(election: Election, rnd: Round, facts: _Facts) -> list[DossierItem]:
    from daihoi.elections import printing

    where = f"{_printed_title(election)}, lần bỏ phiếu thứ {rnd.sequence}"
    base = f"{slug(_printed_title(election))}-lan-{rnd.sequence}"
    issues = election_selectors.issues_before_print(rnd, facts.list_sizes[rnd.pk])
    ballot = (DossierItem(f"phieu-bau-{base}", KIND_BALLOT, f"Phiếu bầu — {where}",
                          tuple(issues)) if issues else
              DossierItem(f"phieu-bau-{base}", KIND_BALLOT, f"Phiếu bầu — {where}",
                          pdf=lambda: printing.ballots_pdf(rnd)))
    title = f"Biên bản kiểm phiếu — {where}" + (
        " (lần bỏ phiếu bị hủy)" if rnd.status == RoundStatus.VOID else "")
    stem = f"bien-ban-kiem-phieu-{base}"
    if rnd.result is None and rnd.status != RoundStatus.VOID:
        minutes = DossierItem(stem, KIND_MINUTES, title, (
            gettext("Lần bỏ phiếu chưa kiểm phiếu xong (tình trạng: %(status)s).")
            % {"status": rnd.get_status_display()},))
    elif blocked := facts.sql_checks[rnd.pk]:
        minutes = DossierItem(stem, KIND_MINUTES, title, (blocked,))
    else:
        minutes = DossierItem(stem, KIND_MINUTES, title, pdf=lambda: printing.minutes_pdf(rnd),
                              docx=lambda: printing.minutes_docx(rnd))
    return [ballot, minutes]


def _elections(congress: Congress, facts: _Facts) -> list[DossierItem]:
    out: list[DossierItem] = []
    elections = facts.elections[congress.pk]
    if not elections:
        return [DossierItem("bien-ban-kiem-phieu", KIND_MINUTES, "Biên bản kiểm phiếu",
                            (gettext("Đại hội chưa có cuộc bầu cử nào (trang Bầu cử)."),))]
    for election in elections:
        printed = _printed_title(election)
        rounds = facts.rounds[election.pk]
        if not rounds:
            out.append(DossierItem(f"bien-ban-kiem-phieu-{slug(printed)}", KIND_MINUTES,
                                   f"Biên bản kiểm phiếu — {printed}",
                                   (gettext("Chưa mở lần bỏ phiếu nào."),)))
        for rnd in rounds:
            items = _round_items(election, rnd, facts)
            if not facts.list_sizes[rnd.pk]:  # a round without a list has no ballot
                items = items[1:]
            out.extend(items)
        outcome = facts.outcomes[election.pk]
        title = f"Danh sách trúng cử — {printed}"
        stem = f"danh-sach-trung-cu-{slug(printed)}"
        missing = lists.elected_missing(outcome)
        out.append(DossierItem(stem, KIND_ELECTED, title, tuple(missing)) if missing else
                   DossierItem(stem, KIND_ELECTED, title,
                               pdf=partial(lists.elected_list, outcome, "pdf"),
                               docx=partial(lists.elected_list, outcome, "docx")))
    return out


def _resolution(congress: Congress, facts: _Facts) -> DossierItem:
    state = facts.resolutions[congress.pk]
    title = "Nghị quyết Đại hội"
    if state.missing:
        return DossierItem("nghi-quyet", KIND_RESOLUTION, title, tuple(state.missing))
    return DossierItem("nghi-quyet", KIND_RESOLUTION, title,
                       pdf=lambda: resolution_pdf(state), docx=lambda: resolution_docx(state))


def congress_dossier(congress: Congress, facts: _Facts | None = None) -> CongressDossier:
    """The documents of one congress, in the dossier's order, numbered ``01-``, ``02-``…
    ``facts``: what :func:`dossiers` read for all its congresses at once."""
    facts = facts if facts is not None else _facts([congress])
    items: list[DossierItem] = [_programme(congress, facts), *_summaries(congress, facts),
                                *_plans(congress, facts), _delegates(congress, facts)]
    if congress.kind == CongressKind.DELEGATES:
        items.append(_credentials(congress, facts))
    items += [*_elections(congress, facts), _resolution(congress, facts)]
    width = max(2, len(str(len(items))))
    numbered = [DossierItem(f"{i:0{width}d}-{item.stem}", item.kind, item.title, item.missing,
                            item.pdf, item.docx, item.confidential)
                for i, item in enumerate(items, start=1)]
    return CongressDossier(congress, folder_name(congress), numbered)


def dossiers(congress: Congress) -> list[CongressDossier]:
    """The committee congress's dossier, then each of its cell congresses' (what is missing
    said in the active language: for a page), read in a fixed number of queries whatever the
    number of cells, elections and rounds."""
    cells = (Congress.objects.filter(part_of=congress).select_related("organization",
                                                                      "organization__parent")
             .order_by("organization__position", "organization__name"))
    congresses = [congress, *cells]
    facts = _facts(congresses)
    return [congress_dossier(c, facts) for c in congresses]


def printed_dossiers(congress: Congress) -> list[CongressDossier]:
    """:func:`dossiers` for the files (the index, the ZIP, the command line): what is missing
    is printed in Vietnamese, whatever the language of the page that asked for them."""
    with translation.override("vi"):
        return dossiers(congress)


# --------------------------------------------------------------------------- writing

INDEX_STEM = "00-danh-muc-ho-so"


def index_pdf(dossier: CongressDossier, others: list[CongressDossier] | None = None) -> bytes:
    with translation.override("vi"):
            return lists.index_document(dossier.congress, [i.index_line() for i in dossier.items],
                                    [(o.folder, o.ready, len(o.items)) for o in others or []],
                                    "pdf")


def files(all_dossiers: list[CongressDossier]) -> Iterator[tuple[str, Writer]]:
    """(path in the dossier, writer) of every file: each congress's folder with its index PDF
    first, then the ready documents, PDF then DOCX. The first dossier (the committee's) lists
    the others in its index."""
    for n, dossier in enumerate(all_dossiers):
        others = all_dossiers[1:] if n == 0 else []
        yield f"{dossier.folder}/{INDEX_STEM}.pdf", partial(index_pdf, dossier, others)
        for item in dossier.items:
            if not item.ready:
                continue
            for ext, writer in (("pdf", item.pdf), ("docx", item.docx)):
                if writer is not None:
                    yield f"{dossier.folder}/{item.stem}.{ext}", writer


def write_folders(all_dossiers: list[CongressDossier], out: Path) -> list[Path]:
    """Every file under ``out`` (one folder per congress); the paths written."""
    written = []
    for name, writer in files(all_dossiers):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(writer())
        written.append(path)
    return written


class _Chunks:
    """A write-only, unseekable file for :class:`zipfile.ZipFile`: what is written is taken
    out by :meth:`take` (zipfile then writes data descriptors instead of seeking back)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._written = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def zip_stream(all_dossiers: list[CongressDossier]) -> Iterator[bytes]:
    """The dossier as a ZIP, produced file by file: at most one document (and its compressed
    copy) in memory at a time, whatever the number of documents."""
    sink = _Chunks()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, writer in files(all_dossiers):
            info = zipfile.ZipInfo(name, date_time=clock.now().astimezone(
                clock.LOCAL_TZ).timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as entry:
                entry.write(writer())
            yield sink.take()
    yield sink.take()
