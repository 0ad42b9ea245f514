"""``daihoi tally FILE [--format json|text]``: count one round from a JSON file.

Exit status: 0 counted (a void round is a result too), 2 bad input or usage.
Standard library only, so that it starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from daihoi.tally.engine import tally
from daihoi.tally.errors import TallyInputError
from daihoi.tally.jsonio import MAX_INPUT_BYTES, check_size, load_election
from daihoi.tally.report import render_text, result_to_dict

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="daihoi tally",
        description=(
            "Kiểm phiếu một lần bỏ phiếu từ tệp JSON (định dạng: docs/tally-format.md)."
            " Count one round of an election from a JSON file."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="tệp JSON, hoặc '-' để đọc stdin")
    parser.add_argument(
        "--format",
        choices=("json", "text"),
        default="json",
        help="json (mặc định): một object JSON; text: bảng kết quả tiếng Việt",
    )
    return parser


def _read(name: str) -> str:
    """The file's text; never reads more than one byte beyond the size limit."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        with Path(name).open("rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    check_size(len(data))
    return data.decode("utf-8-sig")


def main(argv: list[str] | None = None) -> int:
    """Run the command; ``argv`` excludes the program and the word ``tally``."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    try:
        text = _read(args.file)
    except TallyInputError as exc:
        print(f"lỗi dữ liệu / input error: {exc.path}: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(
            f"lỗi / error: không đọc được tệp {args.file!r} / cannot read file: {reason}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        result = tally(load_election(text))
    except TallyInputError as exc:
        print(f"lỗi dữ liệu / input error: {exc.path}: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "text":
        sys.stdout.write(render_text(result))
    else:
        sys.stdout.write(json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK
