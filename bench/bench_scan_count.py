"""The 348-ballot count by scanner, from the scanned files to the announced result and the
minutes (issue 15, point 8): the provincial case that three computers keyed in 40 minutes.

Run from the repository root::

    PYTHONPATH=src .venv/bin/python -m bench.bench_scan_count [--db sqlite|postgres|both]
        [--ballots 348] [--format pdf|tiff]

On a throwaway database (a temporary SQLite file, or a fresh PostgreSQL database on 127.0.0.1,
dropped at the end), an executive committee of 55 seats on a list of 62 names, 348 ballots
collected, a board of three: the head, the scan desk's user (tổ 1) and the audit desk's user
(tổ 2). The head has chosen the ballot-comparison audit of the scan desk by tổ 2 at 5%.

**The ballots** (not timed: the scanner's work): the round's own ballot PDF and layout (one A4
page, two columns), marked by 348 voters with :mod:`daihoi.ballotread.synth`'s pens (straight,
slanted, wavy and double strikes, four pens 0.3-1.2 mm; each voter keeps at most 55 names; one
ballot in fifty carries an ambiguous mark: a partial line, a ring, a tick, a smudge, a name
struck and restored...), each page through its own office scanner at **200 dpi grey** (skew,
scale, offset, blur, noise, faded toner, a fold, some pages upside down or sideways), written as
the scanner's files: four files of 87 sheets (an automatic feeder's batches), PDF of JPEG pages
(``--format tiff``: multi-page TIFF), in a separate process.

**The count, timed step by step** (the software's time; the board is scripted):

1. ``upload``: each file stored as the upload stores it and given to the station
   (``scanning.services.batch_create``);
2. ``read``: the reading job (``scanning.tasks.run_round``, what the worker runs);
3. ``rulings``: the board head rules every name the reader flagged (``mark_rule``, by the
   voter's intent: the truth of the generated ballot) and reads from the paper any ballot on
   the rescan list (``ballot_key_by_hand``);
4. ``audit_draw``: the seed typed, the audited reading counted, the sample drawn;
5. ``audit_keying``: the audit desk keys the drawn ballots (``entry_submit``);
6. ``audit_conclude``, ``reconcile``, ``announce``, ``minutes_pdf`` (and ``minutes_docx``).

The **wall time** is the whole count with the scripted board, from the files to the minutes
(target: at most 5 minutes), with the software's share step by step. A board of people adds its
own time, which is not the software's; it is estimated apart, with its assumptions in the
results: 10 s per flagged name (the crop on the screen, the paper ballot in hand), 30 s per
ballot read by hand, 30 s to roll and type the seed, and for each drawn ballot 10 s to pull it
from the numbered stacks plus its keystrokes at 2 a second. Peak memory: the counting process's
``ru_maxrss`` (the ballots are drawn in other processes).

Figures go to ``bench/results/scan-count-<db>-<date>.json``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench._common import (
    BENCH_PASSWORD,
    peak_rss_mb,
    setup_django,
    throwaway_database,
    write_result,
)

NAMES, SEATS = 62, 55
BALLOTS = 348
FILES = 4
DPI = 200
SEED = "2020 0610 1415 9265 3589 7932"
#: Names crossed by nearly every voter (not elected), by their number on the ballot.
LOSERS = (5, 14, 23, 31, 40, 48, 57)
#: A planted ambiguous mark on one ballot in this many; the kinds, and what the voter meant.
PLANTED_EVERY = 50
PLANTED = {"partial-family": "crossed", "partial-given": "crossed", "smudge": "crossed",
           "ring": "kept", "tick": "kept", "struck-then-restored": "kept"}
#: The board's time (an estimate, seconds).
BOARD = {"per_flagged_name": 10, "per_ballot_by_hand": 30, "seed": 30,
         "per_drawn_ballot_to_pull": 10, "keystrokes_per_second": 2}
TARGETS = {"wall_seconds": 300}


@dataclass(frozen=True)
class Voter:
    crossed: frozenset[int]  # as the voter meant them (printed numbers)
    unsure: tuple[tuple[int, str, str], ...] = ()  # (number, mark drawn, meant)

    @property
    def line(self) -> str:
        return " ".join(str(n) for n in sorted(self.crossed))


def voters(count: int) -> list[Voter]:
    """Each voter crosses the seven names nearly everyone crosses, sometimes one or two of
    them replaced by another name, sometimes one more; one in ``PLANTED_EVERY`` draws an
    ambiguous mark on one name."""
    rng = random.Random(348)
    out = []
    for i in range(count):
        crossed = set(LOSERS)
        for _ in range(rng.choice((0, 0, 0, 1, 2))):
            crossed.discard(rng.choice(LOSERS))
            crossed.add(rng.randint(1, NAMES))
        while len(crossed) < NAMES - SEATS:
            crossed.add(rng.randint(1, NAMES))
        if rng.random() < 0.2:
            crossed.add(rng.randint(1, NAMES))
        unsure: tuple[tuple[int, str, str], ...] = ()
        if i % PLANTED_EVERY == PLANTED_EVERY // 2:
            kind = rng.choice(sorted(PLANTED))
            meant = PLANTED[kind]
            pool = sorted(crossed) if meant == "crossed" else sorted(
                set(range(1, NAMES + 1)) - crossed)
            unsure = ((rng.choice(pool), kind, meant),)
        out.append(Voter(frozenset(crossed), unsure))
    return out


# --------------------------------------------------------------------------- the scanner


def _draw_file(args: tuple[str, str, list[tuple[int, Voter]], str, str]) -> str:
    """One scanner file of ``ballots`` (run in a worker process: no Django)."""
    # Imported here: the worker is a fresh process that needs only the pure reader's package.
    from daihoi.ballotread import raster, synth
    from daihoi.ballotread.layout import BallotLayout

    pdf_path, layout_path, ballots, out, fmt = args
    pdf = Path(pdf_path).read_bytes()
    layout = BallotLayout.from_json(Path(layout_path).read_text(encoding="utf-8"))
    blanks = list(raster.pdf_pages(pdf, DPI, count=len(layout.pages)))

    def pages() -> Iterator[Any]:
        for serial, v in ballots:
            rng = random.Random(serial * 7919)
            scan = synth.Scan.random(rng, DPI)
            scan = synth.Scan(**{**scan.__dict__, "bw": None, "colour": False, "jpeg": None})
            drawn = synth.vote(blanks, layout, DPI, rng, scan=scan, varied=True,
                               crossed=v.crossed - {n for n, _, _ in v.unsure},
                               unsure={n: kind for n, kind, _ in v.unsure})
            yield from drawn.pages

    writer = synth.write_pdf if fmt == "pdf" else synth.write_tiff
    writer(pages(), Path(out), dpi=DPI)
    return out


def draw_files(folder: Path, pdf: bytes, layout_json: str, people: list[Voter],
               fmt: str) -> list[Path]:
    (folder / "ballot.pdf").write_bytes(pdf)
    (folder / "layout.json").write_text(layout_json, encoding="utf-8")
    per = -(-len(people) // FILES)
    jobs = []
    for k in range(FILES):
        chunk = [(i + 1, v) for i, v in enumerate(people)][k * per:(k + 1) * per]
        if chunk:
            jobs.append((str(folder / "ballot.pdf"), str(folder / "layout.json"), chunk,
                         str(folder / f"scan{k + 1:04d}.{fmt}"), fmt))
    ctx = multiprocessing.get_context("spawn")  # no Django, no database connection inherited
    with ctx.Pool(min(len(jobs), os.cpu_count() or 1)) as pool:
        return [Path(p) for p in pool.map(_draw_file, jobs)]


# --------------------------------------------------------------------------- the count


@dataclass
class Steps:
    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        yield
        self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - t0, 3)


def _world(ballots: int) -> tuple[Any, dict[str, Any]]:
    """The round being counted: 62 names, 55 seats, ``ballots`` collected; the scan desk (tổ 1)
    and the audit desk (tổ 2); the comparison audit chosen."""
    # Django's modules are imported once run() has set Django up (here and below).
    import datetime as dt
    import itertools

    from daihoi.ballotread import synth
    from daihoi.clock import LOCAL_TZ
    from daihoi.congress.services import congress_create
    from daihoi.elections import services
    from daihoi.elections.models import EntryDesk, SecondReadingMethod
    from daihoi.roster import services as roster
    from daihoi.roster.choices import OrgKind, RoleKind

    top = roster.organization_create(actor=None, kind=OrgKind.UPPER, name="Tỉnh (thử)",
                                     code="S-TI", parent=None)
    committee = roster.organization_create(actor=None, kind=OrgKind.COMMITTEE,
                                           name="Đảng bộ tỉnh (thử)", code="S-DB", parent=top)
    cell = roster.organization_create(actor=None, kind=OrgKind.CELL, name="Chi bộ (thử)",
                                      code="S-CB", parent=committee)
    congress = congress_create(actor=None, organization=committee, kind="delegates", ordinal=15,
                               term_start=2020, term_end=2025,
                               opens_at=dt.datetime(2020, 10, 14, 7, 30, tzinfo=LOCAL_TZ))
    triples = itertools.product(synth.FAMILY, synth.MIDDLE, synth.GIVEN)
    people = []
    for seq, (family, middle, given) in enumerate(
            random.Random(62).sample(list(triples), NAMES + 3), start=1):
        people.append(roster.member_create(
            actor=None, cell=cell, family_name=family, middle_name=middle, given_name=given,
            gender="male", date_of_birth=dt.date(1970, 1, 1), ethnicity="Kinh",
            admitted_on=dt.date(1995, 1, 1), full_member_on=dt.date(1996, 1, 1),
            card_number=f"{90000000 + seq}"))
    election = services.election_create(actor=None, congress=congress, kind="committee",
                                        seats=SEATS)
    services.candidates_add_many(actor=None, election=election, members=people[:NAMES],
                                 origin="danh sách đại hội biểu quyết thông qua")
    users = []
    for i, member in enumerate(people[NAMES:]):
        services.board_member_add(actor=None, election=election, member=member, is_head=i == 0)
        users.append(roster.user_create_with_role(
            actor=None, username=f"scan-count-{i}", password=BENCH_PASSWORD,
            organization=cell, kind=RoleKind.MEMBER, member=member))
    head, scanner, auditor = users
    rnd = election.rounds.get()
    rnd = services.round_set_base(actor=None, rnd=rnd, summoned=ballots, deductions={},
                                  teams_required=2)
    rnd = services.round_print(actor=None, rnd=rnd, count=ballots)
    rnd = services.round_issue_ballots(actor=None, rnd=rnd, issued=ballots)
    rnd = services.round_close_voting(actor=None, rnd=rnd, collected=ballots, present=ballots)
    scan_desk = services.desk_assign(actor=None, rnd=rnd, user=scanner, team=1, scanned=True)
    audit_desk = services.desk_assign(actor=None, rnd=rnd, user=auditor, team=2)
    rnd = services.round_start_counting(actor=None, rnd=rnd)
    services.second_reading_choose(actor=head, rnd=rnd,
                                   method=SecondReadingMethod.COMPARISON_AUDIT, risk_limit=5,
                                   audited_desk=scan_desk, audit_desk=audit_desk)
    assert EntryDesk.objects.filter(round=rnd).count() == 2
    return rnd, {"head": head, "scanner": scanner, "auditor": auditor,
                 "scan_desk": scan_desk, "audit_desk": audit_desk}


def count(rnd: Any, who: dict[str, Any], files: list[Path], people: list[Voter],
          steps: Steps) -> dict[str, Any]:
    from daihoi.core.jobs import upload_dir
    from daihoi.elections import printing, services
    from daihoi.elections.models import RoundStatus
    from daihoi.scanning import selectors, tasks
    from daihoi.scanning import services as scanning
    from daihoi.scanning.models import BallotState, ScanBatch, ScannedBallot, ScannedMark

    head = who["head"]
    out: dict[str, Any] = {}
    with steps.step("upload"):
        for path in files:
            stored = upload_dir("scans/uploads") / f"{uuid.uuid4().hex}{path.suffix}"
            shutil.copyfile(path, stored)
            scanning.batch_create(actor=who["scanner"], rnd=rnd, path=stored,
                                  file_name=path.name)
    with steps.step("read"):
        tasks.run_round(rnd.pk)
    batches = list(ScanBatch.objects.filter(round=rnd))
    out["pages_read"] = sum(b.pages_read for b in batches)
    out["ballots_read"] = sum(b.ballots for b in batches)
    out["ballots_flagged"] = sum(b.flagged for b in batches)
    out["ballots_to_rescan"] = sum(b.rejected for b in batches)
    failed = [b.error for b in batches if b.status != ScanBatch.Status.DONE]
    if failed:
        raise RuntimeError(f"a batch stopped: {failed}")

    marks = list(ScannedMark.objects.filter(ballot__round=rnd).select_related("ballot"))
    planted = sum(len(v.unsure) for v in people)
    flagged_planted = 0
    with steps.step("rulings"):
        for mark in marks:
            voter = people[mark.ballot.serial - 1]
            number = mark.position + 1
            meant = {n: m for n, _, m in voter.unsure}.get(number)
            flagged_planted += meant is not None
            if meant is None:
                meant = "crossed" if number in voter.crossed else "kept"
            scanning.mark_rule(actor=head, mark=mark, ruling=meant)
        by_hand = list(ScannedBallot.objects.filter(round=rnd, state=BallotState.RESCAN))
        for ballot in by_hand:
            scanning.ballot_key_by_hand(actor=head, ballot=ballot,
                                        line=people[ballot.serial - 1].line or "/7")
    out["names_flagged"] = len(marks)
    out["planted_marks"] = planted
    out["planted_marks_flagged"] = flagged_planted
    out["ballots_read_by_hand"] = len(by_hand)
    counts = selectors.counts(rnd, who["scan_desk"])
    if counts.entered != len(people):
        raise RuntimeError(f"the scan desk holds {counts.entered} of {len(people)} ballots")

    with steps.step("audit_draw"):
        reading = services.audit_draw(actor=head, rnd=rnd, seed=SEED)
    out["smallest_margin_votes"] = reading.margin
    out["sample_size"] = reading.sample_size
    out["full_second_reading_required"] = reading.full_required
    desk = who["audit_desk"]
    keystrokes = 0
    with steps.step("audit_keying"):
        for serial in sorted(reading.serials):
            line = people[serial - 1].line or "/7"
            services.entry_submit(actor=who["auditor"], desk=desk, serial=serial, line=line)
            keystrokes += len(line) + 1
    out["audit_keystrokes"] = keystrokes
    with steps.step("audit_conclude"):
        reading = services.audit_conclude(actor=head, rnd=rnd)
    out["audit_outcome"] = reading.outcome
    if reading.discrepancies:
        raise RuntimeError(f"the audit found ballots read differently: {reading.discrepancies}")
    with steps.step("reconcile"):
        rnd = services.round_reconcile(actor=head, rnd=rnd)
    with steps.step("announce"):
        rnd = services.round_announce(actor=head, rnd=rnd)
    assert rnd.status == RoundStatus.ANNOUNCED
    with steps.step("minutes_pdf"):
        pdf = printing.minutes_pdf(rnd)
    with steps.step("minutes_docx"):
        printing.minutes_docx(rnd)
    out["minutes_pdf_kb"] = round(len(pdf) / 1024, 1)
    out["elected"] = len(rnd.result["elected"])
    # The announced result is what the voters meant (the truth of the generated ballots).
    votes = {n: sum(n not in v.crossed for v in people) for n in range(1, NAMES + 1)}
    counted = {row["position"] + 1: row["votes"] for row in rnd.result["candidates"]}
    if counted != votes:
        raise RuntimeError("the announced votes differ from the voters' ballots")
    return out


def board_estimate(out: dict[str, Any]) -> dict[str, float]:
    rulings = out["names_flagged"] * BOARD["per_flagged_name"]
    by_hand = out["ballots_read_by_hand"] * BOARD["per_ballot_by_hand"]
    seed = BOARD["seed"]
    sample = (out["sample_size"] * BOARD["per_drawn_ballot_to_pull"]
              + out["audit_keystrokes"] / BOARD["keystrokes_per_second"])
    return {"rulings": rulings, "by_hand": by_hand, "seed": seed, "audit_sample": sample,
            "total": rulings + by_hand + seed + sample}


def run(db: str, ballots: int, fmt: str) -> None:
    with throwaway_database(db, "scancount") as url, tempfile.TemporaryDirectory(
            prefix="daihoi-bench-scan-count-") as tmp:
        folder = Path(tmp)
        media = folder / "media"
        os.environ["DAIHOI_DATA_DIR"] = str(folder)
        setup_django(url)
        from django.conf import settings
        from django.core.management import call_command

        settings.MEDIA_ROOT = media
        settings.SCAN_INBOX = folder / "inbox"
        call_command("migrate", verbosity=0)
        from daihoi.ballotread import raster
        from daihoi.elections import ballot_pdf, printing

        load_start = round(os.getloadavg()[0], 2)
        t0 = time.perf_counter()
        rnd, who = _world(ballots)
        setup_seconds = time.perf_counter() - t0
        people = voters(ballots)
        pdf, layout = ballot_pdf.render_with_layout(printing.ballot_text(rnd))
        t0 = time.perf_counter()
        files = draw_files(folder, pdf, raster.blank_pages(pdf, layout).to_json(), people, fmt)
        drawing_seconds = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in files)
        steps = Steps()
        started = time.perf_counter()
        out = count(rnd, who, files, people, steps)
        wall = time.perf_counter() - started
        board = board_estimate(out)
        figures: dict[str, Any] = {
            "database": db, "ballots": ballots, "names": NAMES, "seats": SEATS,
            "scan": f"{DPI} dpi grey, {len(files)} {fmt.upper()} files, "
                    f"{round(size / 1024 / 1024, 1)} MB",
            "load_average_1min_at_start": load_start,
            "setup_seconds_not_counted": round(setup_seconds, 2),
            "drawing_the_ballots_seconds_not_counted": round(drawing_seconds, 2),
            **out,
            "wall_seconds": round(wall, 2),
            "software_seconds_by_step": steps.seconds,
            "read_sheets_per_second": round(out["pages_read"] / steps.seconds["read"], 2),
            "board_estimate_seconds": {k: round(v, 1) for k, v in board.items()},
            "board_estimate_assumptions": BOARD,
            "wall_seconds_with_a_board_of_people_estimate": round(wall + board["total"], 1),
            "peak_rss_mb": round(peak_rss_mb(), 1),
            "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        }
        write_result(f"scan-count-{db}", figures, TARGETS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--ballots", type=int, default=BALLOTS)
    parser.add_argument("--format", choices=("pdf", "tiff"), default="pdf")
    args, _ = parser.parse_known_args()  # make bench passes every benchmark's options
    if args.db == "both":  # one process per database: Django is set up once per process
        for db in ("sqlite", "postgres"):
            subprocess.run([sys.executable, "-m", "bench.bench_scan_count", "--db", db,
                            "--ballots", str(args.ballots), "--format", args.format],
                           check=True)
        return
    run(args.db, args.ballots, args.format)


if __name__ == "__main__":
    main()

