from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from daihoi.congress.demo import DEMO_PREPARATION_LOGINS, build_demo_congress
from daihoi.delegates.demo import build_demo_delegates
from daihoi.documents.demo import build_demo_documents
from daihoi.elections.demo import DEMO_ELECTION_LOGINS, build_demo_elections
from daihoi.personnel.demo import build_demo_personnel
from daihoi.roster.demo import DEMO_LOGINS, DEMO_PASSWORD, build_demo_roster
from daihoi.scanning.demo import build_demo_scanning, demo_round, inbox_file


class Command(BaseCommand):
    help = (
        "Build the demo organization of the seed article (idempotent: a second run reuses "
        "what the first built) and print the demo logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the logins")

    def handle(self, *args: Any, **options: Any) -> None:
        committee, created = build_demo_roster()
        congress, _ = build_demo_congress()
        documents, _ = build_demo_documents()
        plans = build_demo_personnel()
        build_demo_delegates()
        elections, _ = build_demo_elections()
        batches, _ = build_demo_scanning()
        db = settings.DATABASES["default"]
        where = db["NAME"] if db["ENGINE"].endswith("sqlite3") else f"{db['HOST']}/{db['NAME']}"
        verb = "Đã tạo" if created else "Đã có sẵn (dùng lại)"
        self.stdout.write(f"{verb}: {committee.name} — cơ sở dữ liệu: {where}")
        self.stdout.write(f"  {congress.title}")
        self.stdout.write(f"  Văn kiện: {len(documents)} văn kiện và dự thảo đã có ý kiến góp ý")
        for plan in plans:
            self.stdout.write(f"  Đề án nhân sự: {plan.name}")
        delegates = congress.delegates.filter(status="summoned").count()
        session = congress.attendance_sessions.order_by("starts_at").last()
        present = session.check_ins.count() if session is not None else 0
        self.stdout.write(f"  Đại biểu được triệu tập: {delegates}; có mặt phiên chính thức: "
                          f"{present}")
        for election in elections:
            done = election.rounds.filter(status="announced").exists()
            counting = election.rounds.filter(status="counting").exists()
            self.stdout.write(f"  Bầu cử: {election}" + (
                " — đã công bố kết quả" if done else " — đang kiểm phiếu" if counting
                else " — sẵn sàng kiểm phiếu"))
        rnd = demo_round()
        for batch in batches:
            self.stdout.write(
                f"  Quét phiếu: tệp “{batch.file_name}” đã đọc {batch.ballots} phiếu "
                f"({batch.flagged} phiếu có chỗ máy đọc chưa rõ)")
        if rnd is not None and inbox_file(rnd).is_file():
            self.stdout.write(f"  Tệp chờ đọc trong thư mục quét: {inbox_file(rnd)}")
        if not options["quiet_logins"]:
            self.stdout.write(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
            for login in (*DEMO_LOGINS, *DEMO_PREPARATION_LOGINS, *DEMO_ELECTION_LOGINS):
                self.stdout.write(f"  {login.username:<14} {login.role} — {login.where}")
