"""Elections: keyed entry under load, result and minutes at scale, keystrokes per ballot.

Run from the repository root::

    .venv/bin/python -m bench.bench_elections [--db sqlite|postgres] [--ballots 200]

On a throwaway database (a temporary SQLite file, or a fresh PostgreSQL database on
127.0.0.1 that is dropped at the end):

1. **keyed entry**: 4 desks (two rounds of two desks each, each desk in its own process as
   behind a multi-process WSGI server) key ballots at the same time through the desk view
   (Django test client, the whole middleware stack); each request's server time is measured.
   Twice: flat out (every desk submits the next ballot the moment the previous answer
   arrives: 4 desks saturating a 2-core machine), and paced at one ballot per desk every
   0.5 s on average (still several times faster than a person reads a ballot); the target
   p95 ≤ 30 ms is checked on the paced run and both are reported;
2. **result + minutes**: 1,600 ballots × 200 names keyed at two desks, then the reconcile
   step (engine count, SQL check, shuffled exports) and the minutes in PDF and DOCX;
   target ≤ 5 s;
3. **keystrokes** per ballot under the desk protocol (the printed numbers of the crossed
   names, separated, then Enter: ``daihoi.elections.keying.keystrokes``) on the demo election
   (11 names, 9 seats), on the entry benchmark's 60-name list (55 seats), and on a 62-name
   list (55 seats, and 48 seats: the 30% surplus cap);
4. **the provincial comparison**: 348 ballots, 55 seats, two desks: the software-limited time
   is the server time of keying 348 ballots per desk (desks in parallel) plus the result and
   minutes; target ≤ 5 minutes.

Figures go to ``bench/results/elections-<db>-<date>.json``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from typing import Any

from bench._common import BENCH_PASSWORD, percentile, setup_django, throwaway_database, write_result

TARGETS = {
    "entry_p95_ms_4_desks": 30,
    "result_and_minutes_1600x200_seconds": 5,
    "provincial_348x55_software_seconds": 300,
}


def _django(database_url: str) -> None:
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --------------------------------------------------------------------------- data

GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Oanh",
         "Phúc", "Quân", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến", "Đạt")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")


class World:
    def __init__(self) -> None:
        import datetime as dt

        from daihoi.clock import LOCAL_TZ
        from daihoi.congress.services import congress_create
        from daihoi.roster import services
        from daihoi.roster.choices import OrgKind

        self.seq = 0
        top = services.organization_create(actor=None, kind=OrgKind.UPPER, name="Huyện (thử)",
                                           code="B-HU", parent=None)
        self.committee = services.organization_create(
            actor=None, kind=OrgKind.COMMITTEE, name="Đảng bộ (thử tải)", code="B-DB",
            parent=top)
        self.cell = services.organization_create(actor=None, kind=OrgKind.CELL,
                                                 name="Chi bộ (thử tải)", code="B-CB",
                                                 parent=self.committee)
        self.congresses = iter(range(2020, 2400, 5))
        self.opens = dt.datetime(2020, 6, 10, 7, 30, tzinfo=LOCAL_TZ)
        self.congress_create = congress_create

    def congress(self) -> Any:
        start = next(self.congresses)
        return self.congress_create(actor=None, organization=self.committee, kind="delegates",
                                    ordinal=10, term_start=start, term_end=start + 5,
                                    opens_at=self.opens.replace(year=start))

    def people(self, n: int) -> list[Any]:
        import datetime as dt

        from daihoi.roster import services

        out = []
        for _ in range(n):
            self.seq += 1
            out.append(services.member_create(
                actor=None, cell=self.cell, family_name=FAMILY[self.seq % len(FAMILY)],
                middle_name="Văn", given_name=f"{GIVEN[self.seq % len(GIVEN)]} {self.seq}",
                gender="male", date_of_birth=dt.date(1975, 1, 1), ethnicity="Kinh",
                admitted_on=dt.date(2000, 1, 1), full_member_on=dt.date(2001, 1, 1),
                card_number=f"{80000000 + self.seq}",
            ))
        return out

    def election(self, *, seats: int, names: int, issued: int, kind: str = "delegates",
                 teams: int = 2) -> tuple[Any, list[Any]]:
        """A round in ``counting`` with ``teams`` desks; returns (round, desk users)."""
        from daihoi.delegates.services import delegate_add
        from daihoi.elections import services
        from daihoi.roster import services as roster_services
        from daihoi.roster.choices import RoleKind

        congress = self.congress()
        election = services.election_create(actor=None, congress=congress, kind=kind,
                                            seats=seats)
        for m in self.people(names):
            if kind == "delegates":  # official delegates of this congress only
                delegate_add(actor=None, congress=congress, member=m, source="elected")
            services.candidate_add(actor=None, election=election, member=m)
        users = []
        for i, m in enumerate(self.people(teams)):
            services.board_member_add(actor=None, election=election, member=m, is_head=i == 0)
            users.append(roster_services.user_create_with_role(
                actor=None, username=f"bench-{election.pk}-{i}", password=BENCH_PASSWORD,
                organization=self.cell, kind=RoleKind.MEMBER, member=m))
        rnd = election.rounds.get()
        rnd = services.round_set_base(actor=None, rnd=rnd, summoned=issued, deductions={},
                                      teams_required=teams)
        rnd = services.round_print(actor=None, rnd=rnd, count=issued)
        rnd = services.round_issue_ballots(actor=None, rnd=rnd, issued=issued)
        rnd = services.round_close_voting(actor=None, rnd=rnd, collected=issued, present=issued)
        for t, u in enumerate(users, start=1):
            services.desk_assign(actor=None, rnd=rnd, user=u, team=t)
        rnd = services.round_start_counting(actor=None, rnd=rnd)
        return rnd, users


def ballot_crossed(rng: random.Random, names: int, kept: int) -> list[int]:
    """A plausible ballot: crosses out names - kept names, sometimes one or two more."""
    k = min(names - 1, names - kept + rng.choice((0, 0, 0, 1, 2)))
    return rng.sample(range(names), k)


def line_for(crossed: list[int], names: int) -> str:
    """What the typist types: the printed number of each crossed name, separated by spaces."""
    del names  # one scheme for every list size
    return " ".join(str(p + 1) for p in crossed)


# --------------------------------------------------------------------------- measuring


def _desk_process(args: tuple[int, int, list[str], float, Any]) -> None:
    """One desk in its own process (as behind a multi-process WSGI server): key every line
    through the desk view, optionally paced, and report each request's server time."""
    round_pk, user_pk, lines, pace, queue = args
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    connection.close()
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_pk))
    url = reverse("elections:desk", args=[round_pk])
    times, errors = [], 0
    rng = random.Random(user_pk)
    for serial, line in enumerate(lines, start=1):
        t0 = time.perf_counter()
        r = client.post(url, {"serial": serial, "line": line}, HTTP_HX_REQUEST="1")
        elapsed = time.perf_counter() - t0
        times.append(elapsed)
        if f"Đã ghi phiếu số {serial}." not in r.content.decode():
            errors += 1
        if pace:
            time.sleep(max(0.0, rng.uniform(0.5, 1.5) * pace - elapsed))
    connection.close()
    queue.put((times, errors))


def bench_entry(world: World, per_desk: int, pace: float) -> dict[str, float]:
    """4 desks (2 rounds × 2 desks), each in its own process, keying at once."""
    import multiprocessing

    from django.db import connections

    rounds = [world.election(seats=55, names=60, issued=per_desk) for _ in range(2)]
    jobs = []
    for rnd, users in rounds:
        rng = random.Random(rnd.pk)
        lines = [line_for(ballot_crossed(rng, 60, 55), 60) for _ in range(per_desk)]
        for u in users:
            jobs.append((rnd.pk, u.pk, lines, pace))
    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    started = time.perf_counter()
    procs = [ctx.Process(target=_desk_process, args=((*job, queue),)) for job in jobs]
    for p in procs:
        p.start()
    results = [queue.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    wall = time.perf_counter() - started
    ms = [t * 1000 for times, _ in results for t in times]
    return {
        "ballots": len(ms), "errors": sum(e for _, e in results),
        "median_ms": round(statistics.median(ms), 1), "p95_ms": round(percentile(ms, 95), 1),
        "max_ms": round(max(ms), 1), "wall_seconds": round(wall, 2),
    }


def _bulk_keyed(rnd: Any, users: list[Any], names: int, kept: int, n: int) -> None:
    from daihoi.elections import keying
    from daihoi.elections.models import BallotEntry, EntryDesk
    from daihoi.tally import BallotForm

    rng = random.Random(n * names)
    contents = [keying.parse_line(line_for(ballot_crossed(rng, names, kept), names),
                                  candidates=names, form=BallotForm.CROSS_OUT).content
                for _ in range(n)]
    for desk in EntryDesk.objects.filter(round=rnd):
        BallotEntry.objects.bulk_create(
            [BallotEntry(desk=desk, serial=i + 1, content=c) for i, c in enumerate(contents)],
            batch_size=1000)


def bench_result(world: World, ballots: int, names: int, seats: int) -> dict[str, float]:
    from daihoi.elections import printing, services

    rnd, users = world.election(seats=seats, names=names, issued=ballots)
    _bulk_keyed(rnd, users, names, seats, ballots)
    t0 = time.perf_counter()
    rnd = services.round_reconcile(actor=None, rnd=rnd)
    t1 = time.perf_counter()
    pdf = printing.minutes_pdf(rnd)
    t2 = time.perf_counter()
    docx = printing.minutes_docx(rnd)
    t3 = time.perf_counter()
    return {"reconcile_and_count": t1 - t0, "minutes_pdf": t2 - t1, "minutes_docx": t3 - t2,
            "total": t3 - t0, "pdf_kb": len(pdf) / 1024, "docx_kb": len(docx) / 1024}


def bench_keystrokes() -> dict[str, Any]:
    from daihoi.elections import keying
    from daihoi.tally import BallotForm

    out: dict[str, Any] = {}
    for label, names, seats in (("demo_11x9", 11, 9), ("list_60x55", 60, 55),
                                ("list_62x55", 62, 55), ("list_62x48", 62, 48)):
        rng = random.Random(names * 1000 + seats)
        strokes, crossed_counts = [], []
        for _ in range(2000):
            crossed = ballot_crossed(rng, names, seats)
            line = line_for(crossed, names)
            content = keying.parse_line(line, candidates=names,
                                        form=BallotForm.CROSS_OUT).content
            k = keying.keystrokes(content, candidates=names)
            assert k == len(line) + 1  # the line typed is the shortest (plus Enter)
            strokes.append(k)
            crossed_counts.append(len(crossed))
        out[f"keystrokes_{label}_mean"] = round(statistics.mean(strokes), 2)
        out[f"keystrokes_{label}_max"] = max(strokes)
        out[f"keystrokes_{label}_crossed_mean"] = round(statistics.mean(crossed_counts), 2)
    return out


def run(db: str, per_desk: int) -> None:
    with throwaway_database(db, "elections") as url:
        _django(url)
        world = World()
        figures: dict[str, Any] = {"database": db,
                                   "load_average_1min_at_start": round(os.getloadavg()[0], 2)}
        burst = bench_entry(world, per_desk, pace=0.0)
        paced = bench_entry(world, per_desk // 3, pace=0.5)
        for key, value in burst.items():
            figures[f"entry_4_desks_flat_out_{key}"] = value
        for key, value in paced.items():
            figures[f"entry_4_desks_every_0.5s_{key}"] = value
        figures["entry_p95_ms_4_desks"] = paced["p95_ms"]
        p95 = burst["p95_ms"]
        big = bench_result(world, 1600, 200, 180)
        figures["result_and_minutes_1600x200_seconds"] = round(big["total"], 2)
        figures["reconcile_and_count_1600x200_seconds"] = round(big["reconcile_and_count"], 2)
        figures["minutes_pdf_1600x200_seconds"] = round(big["minutes_pdf"], 2)
        figures["minutes_docx_1600x200_seconds"] = round(big["minutes_docx"], 2)
        figures.update(bench_keystrokes())
        province = bench_result(world, 348, 60, 55)
        keying_seconds = 348 * p95 / 1000  # one desk's 348 requests at the flat-out p95
        figures["provincial_348x55_result_and_minutes_seconds"] = round(province["total"], 2)
        figures["provincial_348x55_software_seconds"] = round(keying_seconds + province["total"],
                                                              2)
        figures["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
        write_result(f"elections-{db}", figures, TARGETS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--ballots", type=int, default=150,
                        help="ballots keyed per desk in the entry benchmark (default 150)")
    args = parser.parse_args()
    if args.db == "both":  # one process per database: Django is set up once per process
        for db in ("sqlite", "postgres"):
            subprocess.run([sys.executable, "-m", "bench.bench_elections", "--db", db,
                            "--ballots", str(args.ballots)], check=True)
        return
    run(args.db, args.ballots)


if __name__ == "__main__":
    main()
