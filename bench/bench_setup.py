"""Election set-up: a 200-name election list set up through the pages.

Run from the repository root::

    .venv/bin/python -m bench.bench_setup [--db sqlite|postgres|both] [--names 200]

On a throwaway database (a temporary SQLite file, or a fresh PostgreSQL database on
127.0.0.1 that is dropped at the end), an organization of 2,000 members in 20 cells and a
delegates' congress; the office sets up a committee election of ``--names`` names through the
election page (Django test client, the whole middleware stack, HTMX requests as the browser
sends them), and each request's server time is measured:

1. **pasted list**: the names pasted, one per line, in one request (matched to members,
   every name checked for eligibility, the list fragment answered);
2. **personnel plan**: the list taken from a personnel plan of ``--names`` names in one
   request (R-022);
3. **one name at a time**: every name added by its own HTMX request (the fragment answered
   in place of the list: no page reload), as an office adding floor nominees would; total and
   p95 per request;
4. **picker search**: the whole-roster search the pickers call as one types (p95).

Target: the pasted list and the plan each ≤ 1 s of server time. Figures go to
``bench/results/setup-<db>-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from typing import Any

from bench._common import BENCH_PASSWORD, percentile, setup_django, throwaway_database, write_result

TARGETS = {
    "paste_200_names_seconds": 1.0,
    "plan_200_names_seconds": 1.0,
}

GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Oanh",
         "Phúc", "Quân", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến", "Đạt")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")


def _django(database_url: str) -> None:
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class World:
    """2,000 members in 20 cells (distinct names), an office login, a delegates' congress."""

    def __init__(self, members: int = 2000) -> None:
        from daihoi.clock import LOCAL_TZ
        from daihoi.congress.services import congress_create
        from daihoi.roster import services
        from daihoi.roster.choices import OrgKind, RoleKind
        from daihoi.roster.models import Member

        top = services.organization_create(actor=None, kind=OrgKind.UPPER, name="Huyện (thử)",
                                           code="S-HU", parent=None)
        self.committee = services.organization_create(
            actor=None, kind=OrgKind.COMMITTEE, name="Đảng bộ (thử tải)", code="S-DB",
            parent=top)
        cells = [services.organization_create(actor=None, kind=OrgKind.CELL,
                                              name=f"Chi bộ số {i + 1}", code=f"S-CB{i}",
                                              parent=self.committee) for i in range(20)]
        rows = []
        for i in range(members):
            family, given = FAMILY[i % len(FAMILY)], f"{GIVEN[i % len(GIVEN)]} {i}"
            rows.append(Member(
                cell=cells[i % len(cells)], family_name=family, middle_name="Văn",
                given_name=given, gender="male", date_of_birth=dt.date(1975 + i % 20, 1, 1),
                ethnicity="Kinh", admitted_on=dt.date(2000, 1, 1),
                full_member_on=dt.date(2001, 1, 1),
                **services.derived_name_fields(family, "Văn", given)))
        self.members = Member.objects.bulk_create(rows, batch_size=500)
        self.office = services.user_create_with_role(
            actor=None, username="bench-office", password=BENCH_PASSWORD,
            organization=self.committee, kind=RoleKind.OFFICE_ADMIN)
        self.congress = congress_create(
            actor=None, organization=self.committee, kind="delegates", ordinal=10,
            term_start=2020, term_end=2025,
            opens_at=dt.datetime(2020, 6, 10, 7, 30, tzinfo=LOCAL_TZ))
        self.n = 0

    def election(self, seats: int) -> Any:
        from daihoi.elections import services

        self.n += 1
        return services.election_create(actor=None, congress=self.congress, kind="committee",
                                         seats=seats, seats_decision=f"Thử {self.n}")

    def client(self) -> Any:
        from django.test import Client

        c = Client()
        c.force_login(self.office)
        return c


def _timed_post(client: Any, url: str, data: dict[str, Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    elapsed = time.perf_counter() - t0
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")
    return elapsed, response


def bench_paste(world: World, names: int) -> dict[str, Any]:
    from django.urls import reverse

    from daihoi.elections.models import Candidate

    election = world.election(seats=max(1, names * 10 // 13))
    chosen = world.members[100:100 + names]
    text = "\n".join(m.full_name for m in chosen)
    client = world.client()
    url = reverse("elections:election", args=[election.pk])
    elapsed, response = _timed_post(client, url, {"action": "candidates_paste", "names": text})
    added = Candidate.objects.filter(election=election).count()
    if added != names:
        raise RuntimeError(f"paste added {added}, not {names}: "
                           f"{response.content.decode()[:500]}")
    t0 = time.perf_counter()
    client.get(url)
    page = time.perf_counter() - t0
    return {"paste_seconds": round(elapsed, 3), "page_after_seconds": round(page, 3)}


def bench_plan(world: World, names: int) -> float:
    from django.urls import reverse

    from daihoi.elections.models import Candidate
    from daihoi.personnel.models import PlanCandidate
    from daihoi.personnel.services import plan_create

    election = world.election(seats=max(1, names * 10 // 13))
    plan = plan_create(actor=None, congress=world.congress, kind="committee",
                       name=f"Phương án {election.pk}", term_rules="2020-2025",
                       level="grassroots", seats=election.seats)
    PlanCandidate.objects.bulk_create(
        PlanCandidate(plan=plan, member=m, position=i)
        for i, m in enumerate(world.members[400:400 + names]))
    elapsed, _ = _timed_post(world.client(), reverse("elections:election", args=[election.pk]),
                             {"action": "candidates_from_plan", "plan": plan.pk})
    if Candidate.objects.filter(election=election).count() != names:
        raise RuntimeError("the plan was not taken whole")
    return elapsed


def bench_one_by_one(world: World, names: int) -> dict[str, float]:
    from django.urls import reverse

    election = world.election(seats=max(1, names * 10 // 13))
    client = world.client()
    url = reverse("elections:election", args=[election.pk])
    times = []
    for m in world.members[700:700 + names]:
        elapsed, _ = _timed_post(client, url, {"action": "candidate_add", "member": m.pk,
                                               "source": "plan"})
        times.append(elapsed)
    return {"one_by_one_total_seconds": round(sum(times), 2),
            "one_by_one_p95_ms": round(percentile(times, 95) * 1000, 1),
            "one_by_one_last_ms": round(times[-1] * 1000, 1)}


def bench_search(world: World) -> float:
    from django.urls import reverse

    election = world.election(seats=3)
    client = world.client()
    url = reverse("elections:member_search", args=[election.pk])
    times = []
    for q in ("ng", "nguyen van", "an 1", "tran van binh 1", "dat 199", "ho"):
        t0 = time.perf_counter()
        client.get(url, {"q": q})
        times.append(time.perf_counter() - t0)
    return percentile(times, 95)


def _warm_up(world: World, election: Any) -> None:
    """One request before measuring: the process's first request imports the views and
    compiles the templates, a cost paid once per server process, not per set-up."""
    from django.urls import reverse

    world.client().get(reverse("elections:election", args=[election.pk]))


def run(db: str, names: int) -> None:
    with throwaway_database(db, "setup") as url:
        _django(url)
        world = World()
        figures: dict[str, Any] = {"database": db, "names": names,
                                   "roster_members": len(world.members),
                                   "load_average_1min_at_start": round(os.getloadavg()[0], 2)}
        warm = world.election(seats=1)  # the first request of the process imports the views
        _warm_up(world, warm)
        paste = bench_paste(world, names)
        figures["paste_200_names_seconds"] = paste["paste_seconds"]
        figures["election_page_with_200_names_seconds"] = paste["page_after_seconds"]
        figures["plan_200_names_seconds"] = round(bench_plan(world, names), 3)
        figures.update(bench_one_by_one(world, names))
        figures["search_p95_ms"] = round(bench_search(world) * 1000, 1)
        figures["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
        write_result(f"setup-{db}", figures, TARGETS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--names", type=int, default=200)
    args = parser.parse_args()
    if args.db == "both":  # one process per database: Django is set up once per process
        for db in ("sqlite", "postgres"):
            subprocess.run([sys.executable, "-m", "bench.bench_setup", "--db", db,
                            "--names", str(args.names)], check=True)
        return
    run(args.db, args.names)


if __name__ == "__main__":
    main()
