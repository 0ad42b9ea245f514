"""``daihoi scan IMAGE_OR_PDF... --layout LAYOUT.json [--format json|text] [--dpi N]``.

Reads scanned ballot pages by the round's layout (the ``LAYOUT.json`` that daihoi writes beside
the ballot PDF) and prints, for each page, the round code, the page and each name's reading
(``crossed``, ``kept``, ``unsure`` with the reason) or why the page was rejected. It starts
without Django. The output's schema: docs/scan-format.md.

Exit status: 0 every file was opened (pages may still be rejected: see each page's status),
2 bad usage, an unreadable layout or a file that is not an image or PDF.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from daihoi.ballotread.layout import BallotLayout, LayoutError
from daihoi.ballotread.raster import ImageError, file_pages
from daihoi.ballotread.reader import Reader, rejected

EXIT_OK = 0
EXIT_BAD_INPUT = 2
MAX_LAYOUT_BYTES = 50 * 1024 * 1024


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="daihoi scan",
        description=("Đọc phiếu bầu đã quét theo mẫu phiếu của lần bầu (LAYOUT.json)."
                     " Read scanned ballots by the round's ballot layout (docs/scan-format.md)."))
    parser.add_argument("files", metavar="IMAGE_OR_PDF", nargs="+",
                        help="ảnh quét (PDF, TIFF, PNG, JPEG) / scanned pages")
    parser.add_argument("--layout", required=True, metavar="LAYOUT.json",
                        help="mẫu phiếu do daihoi ghi kèm tệp PDF phiếu bầu")
    parser.add_argument("--format", choices=("json", "text"), default="json")
    parser.add_argument("--dpi", type=int, default=200,
                        help="độ phân giải khi đọc tệp PDF (mặc định 200)")
    return parser


def scan(files: list[Path], layout: BallotLayout, dpi: int = 200) -> dict[str, Any]:
    """The readings of every page of ``files``, as the JSON document the command prints."""
    reader = Reader(layout)
    seen: dict[str, str] = {}
    pages: list[dict[str, Any]] = []
    for path in files:
        for index, image in enumerate(file_pages(path, dpi), start=1):
            digest = hashlib.sha256(image.tobytes()).hexdigest()
            where = f"{path}#{index}"
            if digest in seen:
                reading = rejected("duplicate-image")
                entry = {"file": str(path), "index": index, **reading.to_dict(),
                         "duplicate_of": seen[digest]}
            else:
                seen[digest] = where
                entry = {"file": str(path), "index": index, **reader.read(image).to_dict()}
            pages.append(entry)
    read = [p for p in pages if p["status"] == "read"]
    return {
        "format": "daihoi-scan",
        "version": 1,
        "round_code": layout.round_code,
        "pages": pages,
        "summary": {
            "pages": len(pages),
            "read": len(read),
            "rejected": len(pages) - len(read),
            "unsure_positions": sum(1 for p in read for q in p["positions"]
                                    if q["status"] == "unsure"),
        },
    }


def _text(doc: dict[str, Any]) -> str:
    lines = [f"Mã lần bầu {doc['round_code']}"]
    for p in doc["pages"]:
        head = f"{p['file']} trang ảnh {p['index']}:"
        if p["status"] != "read":
            lines.append(f"{head} BỊ LOẠI ({p['reason']})")
            continue
        lines.append(f"{head} {p['code']} trang {p['page']}")
        for q in p["positions"]:
            extra = f" ({q['reason']})" if q.get("reason") else ""
            lines.append(f"  {q['number']:>3}. {q['name']}: {q['status']}{extra}")
    s = doc["summary"]
    lines.append(f"{s['pages']} trang: {s['read']} đọc được, {s['rejected']} bị loại, "
                 f"{s['unsure_positions']} vị trí chưa chắc")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the command; ``argv`` excludes the program and the word ``scan``."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    try:
        with Path(args.layout).open("rb") as fh:
            data = fh.read(MAX_LAYOUT_BYTES + 1)
        if len(data) > MAX_LAYOUT_BYTES:
            raise LayoutError("the layout file is too large")
        layout = BallotLayout.from_json(data.decode("utf-8-sig"))
        doc = scan([Path(f) for f in args.files], layout, args.dpi)
    except (LayoutError, ImageError, ValueError) as exc:
        print(f"lỗi dữ liệu / input error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"lỗi / error: không đọc được tệp / cannot read file: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "text":
        sys.stdout.write(_text(doc))
    else:
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK
