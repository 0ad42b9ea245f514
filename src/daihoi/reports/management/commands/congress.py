"""``daihoi congress dossier --out DIR [--org CODE]``: the congress dossier (hồ sơ đại hội) as
folders, one per congress (the committee's and each cell's), with every printed document that
can be printed and an index saying what is missing for the others."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.congress.models import Congress
from daihoi.reports.dossier import CongressDossier, printed_dossiers, write_folders


def chosen(code: str | None) -> list[CongressDossier]:
    """Without ``code``: every committee congress with its cells. With it: the latest congress
    of that organization (with its cells when it is a committee's)."""
    qs = Congress.objects.select_related("organization", "organization__parent")
    if code is None:
        congresses = list(qs.filter(part_of__isnull=True).order_by("-term_start", "pk"))
        if not congresses:
            raise CommandError("Chưa có đại hội nào.")
        return [d for c in congresses for d in printed_dossiers(c)]
    congress = qs.filter(organization__code=code).order_by("-term_start").first()
    if congress is None:
        raise CommandError(f"Không có đại hội nào của tổ chức mã “{code}”.")
    all_dossiers = printed_dossiers(congress)
    return all_dossiers if congress.part_of_id is None else all_dossiers[:1]


class Command(BaseCommand):
    help = ("Congress tools. `daihoi congress dossier --out DIR [--org CODE]` writes the "
            "congress dossier: one folder per congress (the committee's and each cell's) with "
            "every printed document (PDF and DOCX) and an index PDF.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        dossier = sub.add_parser("dossier", help="Write the congress dossier to DIR.")
        dossier.add_argument("--out", required=True, metavar="DIR", help="the folder to write")
        dossier.add_argument("--org", metavar="CODE",
                             help="the organization whose congress (default: every committee "
                                  "congress with its cells)")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} không phải là thư mục.")
        if out.is_dir() and any(out.iterdir()):
            raise CommandError(f"Thư mục {out} đã có tệp: chọn một thư mục trống.")
        all_dossiers = chosen(options.get("org"))
        written = write_folders(all_dossiers, out)
        for d in all_dossiers:
            self.stdout.write(f"{d.folder}: {d.ready}/{len(d.items)} văn bản đã in")
            for item in d.items:
                if not item.ready:
                    self.stdout.write(f"  – {item.title}: {' '.join(item.missing)}")
        self.stdout.write(f"Đã ghi {len(written)} tệp vào {out}.")
