from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.roster import exporting, importing
from daihoi.roster.fileformat import fold, header_key, norm
from daihoi.roster.importing.mapping import apply_choices
from daihoi.roster.models import Organization
from daihoi.roster.selectors import organization_stats


class Command(BaseCommand):
    help = (
        "Roster tools: `stats` prints cells, members (full and probationary) and agencies; "
        "`import` reads an XLSX/CSV roster into an organization; `export` writes one; "
        "`template` writes the blank template to fill in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        stats = sub.add_parser(
            "stats",
            help="Per organization: cells, members (full and probationary) and agencies, "
            "each counted over the organization's subtree. Members who transferred out or "
            "died are not counted.",
        )
        stats.add_argument("--org", metavar="CODE", help="only this organization and below")
        stats.add_argument("--json", action="store_true", help="print JSON instead of a table")

        imp_help = (
            "Import a roster file (.xlsx, .xls, .ods or .csv: the template, an export, or the "
            "office's own workbook) into the subtree of --org. The header row is found under "
            "title rows; the columns are mapped from their headers (or from --mapping). Every "
            "row is checked first; with any error nothing is written and every error is listed "
            "with its sheet, Excel row, column header and value (exit status 1). A row whose "
            "card, dossier or citizen number exists in the subtree updates that member; other "
            "rows create members. One audit entry."
        )
        imp = sub.add_parser("import", help=imp_help, description=imp_help)
        imp.add_argument("file", metavar="FILE", help="the .xlsx, .xls, .ods or .csv file")
        imp.add_argument("--org", metavar="CODE_OR_NAME", required=True,
                         help="code or exact name of the organization the file belongs to")
        imp.add_argument("--dry-run", action="store_true",
                         help="check and report what would be created or updated; write nothing")
        imp.add_argument("--mapping", metavar="FILE",
                         help='JSON: {"sheet": "…", "columns": {"header as written": "field"}, '
                         '"values": {"cell"|"agency": {"value": "CODE"}}, '
                         '"compound_names": ["Tôn Thất", …]}; see docs/roster-import.md')
        imp.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: guessed)")
        imp.add_argument("--format", choices=("text", "json"), default="text", dest="output",
                         help='json prints {"written", "would_add", "would_update", "errors"}')
        imp.add_argument("--quiet", action="store_true", help="no progress on stderr")

        exp_help = (
            "Write every member of --org's subtree (any status), in Vietnamese name "
            "order, in the import format: an export imports back without changes."
        )
        exp = sub.add_parser("export", help=exp_help, description=exp_help)
        exp.add_argument("--org", metavar="CODE", required=True, help="organization code")
        exp.add_argument("--format", choices=exporting.FORMATS, default=None,
                         help="xlsx or csv (default: from the extension of -o, else xlsx)")
        exp.add_argument("-o", "--output", metavar="FILE", required=True, help="file to write")

        tpl_help = (
            "Write the blank import template. XLSX has a second sheet “Hướng dẫn” that "
            "explains each column and lists the allowed values, cells and agencies."
        )
        tpl = sub.add_parser("template", help=tpl_help, description=tpl_help)
        tpl.add_argument("-o", "--output", metavar="FILE", required=True, help="file to write")
        tpl.add_argument("--format", choices=exporting.FORMATS, default=None,
                         help="xlsx or csv (default: from the extension of -o, else xlsx)")
        tpl.add_argument("--org", metavar="CODE",
                         help="list only the cells and agencies of this organization")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "stats":
            self._stats(options["org"], as_json=options["json"])
        elif options["action"] == "import":
            self._import(options["file"], options["org"], dry_run=options["dry_run"],
                         quiet=options["quiet"] or options["output"] == "json",
                         mapping_file=options["mapping"], sheet=options["sheet"],
                         as_json=options["output"] == "json")
        elif options["action"] == "export":
            self._export(options["org"], options["format"], options["output"])
        elif options["action"] == "template":
            self._template(options["org"], options["format"], options["output"])

    @staticmethod
    def _org(code: str) -> Organization:
        org = Organization.objects.filter(code=code).first()
        if org is not None:
            return org
        named = [o for o in Organization.objects.all() if norm(o.name) == norm(code)]
        if len(named) == 1:
            return named[0]
        if named:
            codes = ", ".join(o.code for o in named)
            raise CommandError(f"Có {len(named)} tổ chức tên “{code}”; hãy dùng mã: {codes}.")
        raise CommandError(
            f"Không có tổ chức mã hoặc tên “{code}” (xem mã bằng `daihoi roster stats`)."
        )

    @staticmethod
    def _format(fmt: str | None, output: str) -> str:
        if fmt:
            return fmt
        return "csv" if Path(output).suffix.lower() == ".csv" else "xlsx"

    def _import(
        self, file: str, code: str, *, dry_run: bool, quiet: bool, mapping_file: str | None,
        sheet: str | None, as_json: bool,
    ) -> None:
        org = self._org(code)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không có tệp “{file}”.")
        started = time.monotonic()

        def progress(phase: str, done: int, total: int | None) -> None:
            if quiet:
                return
            of = f"/{total}" if total else ""
            sys.stderr.write(f"\r{importing.PHASES[phase]}: {done}{of}   ")
            if total is not None and done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()

        mapping = self._mapping(path, org, mapping_file, sheet) if mapping_file else None
        result = importing.roster_import(
            actor=None, organization=org, source=path, dry_run=dry_run, progress=progress,
            mapping=mapping, sheet=sheet,
        )
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        if not result.ok:
            if not as_json:
                for problem in result.errors:
                    self.stderr.write(str(problem))
                if result.error_count > len(result.errors):
                    self.stderr.write(f"… và {result.error_count - len(result.errors)} lỗi khác.")
            raise CommandError(
                f"Tệp “{path.name}” có {result.error_count} lỗi; không có gì được ghi."
            )
        if as_json:
            return
        verb = "Sẽ" if dry_run else "Đã"
        self.stdout.write(
            f"{verb} thêm {result.created}, cập nhật {result.updated}, không đổi "
            f"{result.unchanged} trong {result.rows} dòng ({result.status_changes} thay đổi "
            f"tình trạng, {result.cell_changes} chuyển chi bộ)"
            + (" — chỉ kiểm tra, chưa ghi gì." if dry_run else ".")
            + f" [{time.monotonic() - started:.1f} s]"
        )
        if result.ignored_columns:
            ignored = ", ".join(f"“{h}”" for h in result.ignored_columns)
            self.stdout.write(f"Các cột không được nhập: {ignored}.")

    @staticmethod
    def _mapping(
        path: Path, org: Organization, mapping_file: str, sheet: str | None
    ) -> importing.Mapping:
        """The guessed mapping with the choices of a mapping file (headers as written)."""
        try:
            choices = json.loads(Path(mapping_file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Không đọc được tệp gán cột “{mapping_file}”: {exc}") from exc
        if not isinstance(choices, dict):
            raise CommandError("Tệp gán cột phải là một đối tượng JSON.")
        try:
            with path.open("rb") as fh:
                mapping = importing.inspect(fh, path.name, org,
                                            sheet=choices.get("sheet") or sheet)
            by_header = {header_key(h): c for c, h in mapping.headers.items()}
            columns = {}
            for header, name in (choices.get("columns") or {}).items():
                if header_key(header) not in by_header:
                    raise CommandError(
                        f"Tệp gán cột nhắc đến cột “{header}”, không có trong dòng tiêu đề."
                    )
                columns[by_header[header_key(header)]] = name or ""
            values = {
                kind: {fold(k): v for k, v in chosen.items()}
                for kind, chosen in (choices.get("values") or {}).items()
            }
            compounds = choices.get("compound_names")
            return apply_choices(
                mapping, columns=columns, values=values,
                compound_names=tuple(compounds) if compounds is not None else None,
            )
        except importing.UnreadableFileError as exc:
            raise CommandError(exc.message) from exc

    def _export(self, code: str, fmt: str | None, output: str) -> None:
        org = self._org(code)
        with Path(output).open("wb") as out:
            count = exporting.roster_export(
                organization=org, fmt=self._format(fmt, output), out=out
            )
        self.stdout.write(f"Đã ghi {count} đảng viên của {org.name} vào {output}.")

    def _template(self, code: str | None, fmt: str | None, output: str) -> None:
        org = self._org(code) if code else None
        with Path(output).open("wb") as out:
            exporting.template_write(fmt=self._format(fmt, output), out=out, organization=org)
        self.stdout.write(f"Đã ghi tệp mẫu vào {output}.")

    def _stats(self, code: str | None, *, as_json: bool) -> None:
        root = None
        if code:
            root = Organization.objects.filter(code=code).first()
            if root is None:
                raise CommandError(f"Không có tổ chức mã “{code}”.")
        rows = organization_stats(root)
        if root is not None:
            top = [r for r in rows if r.code == root.code]
        else:
            top = [r for r in rows if r.parent is None]
        totals = {
            key: sum(getattr(r, key) for r in top)
            for key in ("cells", "members", "full_members", "probationary", "agencies")
        }
        if as_json:
            payload = {
                "organization": root.code if root else None,
                **totals,
                "organizations": [r.as_dict() for r in rows],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        width = max([len("Mã"), *(len(r.code) for r in rows)])
        header = (
            f"{'Mã':<{width}} {'Tổ chức':<60} {'Chi bộ':>7} {'Đảng viên':>10} {'Chính thức':>11} "
            f"{'Dự bị':>6} {'Cơ quan':>8}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in rows:
            name = ("  " * r.depth + r.name)[:60]
            self.stdout.write(
                f"{r.code:<{width}} {name:<60} {r.cells:>7} {r.members:>10} {r.full_members:>11} "
                f"{r.probationary:>6} {r.agencies:>8}"
            )
