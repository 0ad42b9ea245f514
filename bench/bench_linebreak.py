"""Line breaking: longform's hand-written breaker against ReportLab's own paragraph layout.

Issue 13 asks whether :mod:`daihoi.core.printing.pdf` needs its own greedy line breaker or whether
ReportLab's platypus ``Paragraph`` would do. Run from the repository root::

    PYTHONPATH=src .venv/bin/python -m bench.bench_linebreak [--db sqlite|postgres]
        [--sizes 100000,10000] [--save-pdf DIR]

For each size N (default 100,000 and 10,000 opinions) a throwaway database is filled by
:mod:`bench.bench_documents`' builder (the same committee, political report and opinions, 400
reasons and 400 proposals). The summary report of that document is read once and turned into
the SAME blocks :func:`daihoi.documents.printing.summary_pdf` writes; then, in a fresh
subprocess per measure (so that the peak RSS is its own), the blocks are laid out two ways:

* ``longform``: :func:`daihoi.core.printing.pdf.render_pdf` as the product does (hand-written
  greedy breaker over cached word widths);
* ``platypus``: every :class:`~daihoi.core.printing.blocks.Para` as a
  ``reportlab.platypus.Paragraph`` (a ``ParagraphStyle`` in the same Tinos faces, bold/italic
  runs as ``<b>``/``<i>`` markup), every :class:`~daihoi.core.printing.blocks.Grid` as a
  platypus ``Table`` with the same borders and padding, the heading and the signature as
  tables of centred Paragraphs, page numbers "n/N", on a ``SimpleDocTemplate`` A4 with the
  same margins.

Only the layout is timed (the report's data and its blocks are read before): wall time, CPU
time, the peak RSS of the process (which the report's data may set, before the layout) and its
RSS before and after the layout, and in a second run of each
the peak of Python allocations during the layout (``tracemalloc``, which slows the run, so not
timed). The load average is recorded with the figures: the machine is shared.

Figures go to ``bench/results/linebreak-sqlite-<date>.json`` (or ``-postgres``).
"""

from __future__ import annotations

import argparse
import functools
import gc
import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from bench._common import peak_rss_mb, setup_django, throwaway_database, write_result

TARGETS: dict[str, Any] = {}
WAYS = ("longform", "platypus")


def _rss_now_mb() -> float:
    """The resident set size of this process now, in MB."""
    with Path("/proc/self/statm").open(encoding="ascii") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


# --------------------------------------------------------------------------------------------
# (b) the same blocks through ReportLab's own Paragraph and Table


def platypus_pdf(heading: Any, title: str, subtitle: str, blocks: Iterable[Any]) -> bytes:
    """The blocks of :mod:`daihoi.core.printing.blocks` laid out by platypus ``Paragraph`` and
    ``Table``, in the same faces, sizes, spacing, borders and margins as ``render_pdf``."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import registerFontFamily
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from daihoi.core.printing import HEADING_COLUMNS_MM
    from daihoi.core.printing.blocks import Grid, Para, Run, clean
    from daihoi.core.printing.fonts import pdf_faces
    from daihoi.core.printing.pdf import BODY_SIZE, LEADING, MARGINS, MM, PAGE_H, PAGE_W, TEXT_W

    regular, bold, italic, bolditalic = pdf_faces()
    registerFontFamily(regular, normal=regular, bold=bold, italic=italic, boldItalic=bolditalic)
    aligns = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}

    @functools.cache
    def style(size: float, indent: float, before: float, after: float,
              align: str) -> ParagraphStyle:
        return ParagraphStyle(
            f"p{size}-{indent}-{before}-{after}-{align}", fontName=regular, fontSize=size,
            leading=size * LEADING, leftIndent=indent * MM, spaceBefore=before,
            spaceAfter=after, alignment=aligns[align])

    def markup(run: Run) -> str:
        text = escape(clean(run.text))
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        return text

    def paragraph(para: Para) -> Paragraph:
        after = para.after if para.after is not None else 3.0
        return Paragraph("".join(markup(r) for r in para.runs),
                         style(para.size or BODY_SIZE, para.indent, para.before, after,
                               para.align))

    def centred(text: str, *, bold: bool = False, italic: bool = False, size: float = 13,
                before: float = 0, after: float = 0) -> Paragraph:
        return paragraph(Para.of(Run(text, bold=bold, italic=italic), size=size, before=before,
                                 after=after, align="center"))

    def grid(block: Grid) -> Table:
        columns = block.alignment()
        rows: list[list[Any]] = [[centred(h, bold=True, size=block.size - 1)
                                  for h in block.head]]
        wrapped = [a == "left" for a in columns]
        for row in block.rows:  # as longform: only the left-aligned columns are wrapped
            rows.append([paragraph(Para.of(c, size=block.size, after=0)) if w else clean(c)
                         for c, w in zip(row, wrapped, strict=True)])
        table = Table(rows, colWidths=[TEXT_W * share for share in block.shares()],
                      repeatRows=1)
        pad = 1.5 * MM if block.size >= 10 else 0.6 * MM
        commands: list[Any] = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONT", (0, 0), (-1, -1), regular, block.size),
            ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ("LEFTPADDING", (0, 0), (-1, -1), MM), ("RIGHTPADDING", (0, 0), (-1, -1), MM),
        ]
        for i, align in enumerate(columns):
            if align != "left":
                commands.append(("ALIGN", (i, 1), (i, -1), align.upper()))
        table.setStyle(TableStyle(commands))
        table.spaceAfter = 6
        return table

    def column(lines: Iterable[Any]) -> list[Any]:
        out: list[Any] = []
        for line in lines:
            text = escape(clean(line.text))
            if line.underline:
                text = f"<u>{text}</u>"  # longform draws a rule under it; near enough
            if line.bold:
                text = f"<b>{text}</b>"
            if line.italic:
                text = f"<i>{text}</i>"
            out.append(Paragraph(text, style(line.size, 0, line.before, 0, "center")))
        return out

    font = ("FONT", (0, 0), (-1, -1), regular, BODY_SIZE)
    head = Table([[column(heading.left), "", column(heading.right)]],
                 colWidths=[w * MM for w in HEADING_COLUMNS_MM])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), font,
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story: list[Any] = [head, Spacer(1, 8 * MM),
                        centred(title.upper(), bold=True, size=15, after=3)]
    if subtitle:
        story.append(centred(subtitle, bold=True, size=BODY_SIZE, after=6 * MM))
    for block in blocks:
        if isinstance(block, Para):
            story.append(paragraph(block))
        elif isinstance(block, Grid):
            story.append(grid(block))
        else:  # Signature
            cell: list[Any] = [centred(line, bold=True, size=BODY_SIZE) for line in block.lines]
            cell.append(Spacer(1, 22 * MM))
            if block.name:
                cell.append(centred(block.name, bold=True, size=BODY_SIZE))
            table = Table([["", cell]], colWidths=[TEXT_W * 0.4, TEXT_W * 0.6])
            table.setStyle(TableStyle([font]))
            story.append(KeepTogether([Spacer(1, 12 * MM), table]))

    class Numbered(Canvas):  # type: ignore[misc]
        """Page numbers "n/N" at the foot, as longform's canvas."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(regular, 10)
                self.drawCentredString(PAGE_W / 2, MARGINS["bottom"] / 2,
                                       f"{self._pageNumber}/{total}")
                super().showPage()
            super().save()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=(PAGE_W, PAGE_H), title=clean(title), author=clean(heading.issuer),
        leftMargin=MARGINS["left"], rightMargin=MARGINS["right"], topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"], pageCompression=1, initialFontName=regular)
    doc.build(story, canvasmaker=Numbered)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Measures


def _measure(database_url: str, document_id: int, way: str, trace: bool,
             save: str) -> dict[str, Any]:
    """In its own process: the summary's blocks (not timed), then their layout one way."""
    setup_django(database_url)
    from daihoi import clock
    from daihoi.congress.issuers import document_heading
    from daihoi.core.printing.fonts import pdf_faces
    from daihoi.core.printing.pdf import render_pdf
    from daihoi.documents.models import Document
    from daihoi.documents.printing import _summary_blocks, report_subtitle, report_title
    from daihoi.documents.selectors import summary_report

    document = Document.objects.select_related("congress__organization__parent").get(
        pk=document_id)
    report = summary_report(document)
    heading = document_heading(document.congress, "report", document.pk, clock.today())
    title, subtitle = report_title(report), report_subtitle(report)
    blocks = list(_summary_blocks(report))  # the blocks summary_pdf lays out
    pdf_faces()  # the faces registered once per process, before either way
    render = render_pdf if way == "longform" else platypus_pdf
    gc.collect()
    rss_before = _rss_now_mb()
    if trace:
        import tracemalloc

        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    out = render(heading, title, subtitle, blocks)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    figures: dict[str, Any] = {"blocks": len(blocks), "pages": _pages(out), "bytes": len(out)}
    if trace:
        figures["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    else:
        figures.update(wall_s=wall, cpu_s=cpu, rss_before_mb=rss_before,
                       rss_after_mb=_rss_now_mb(), peak_rss_mb=peak_rss_mb(),
                       opinions=report.totals.total,
                       groups=sum(len(s.opinions) for s in report.sections))
    if save:
        Path(save).mkdir(parents=True, exist_ok=True)
        (Path(save) / f"summary-{report.totals.total}-{way}.pdf").write_bytes(out)
    return figures


def _run(argv: list[str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "bench.bench_linebreak", *argv],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"measure subprocess failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _worker(database_url: str, n_opinions: int, save: str) -> dict[str, Any]:
    """Build the data (bench_documents' builder), then each way in its own process."""
    setup_django(database_url)
    from django.db import connection

    from bench.bench_documents import _build

    started = time.perf_counter()
    ids = _build(n_opinions)
    figures: dict[str, Any] = {"build_seconds": round(time.perf_counter() - started, 1)}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    connection.close()
    document = str(ids["document"])
    for way in WAYS:
        load = round(os.getloadavg()[0], 2)
        timed = _run(["--measure", database_url, document, way, "time", save])
        traced = _run(["--measure", database_url, document, way, "trace", ""])
        figures.setdefault("opinions", timed["opinions"])
        figures.setdefault("distinct_opinion_groups", timed["groups"])
        figures.setdefault("blocks", timed["blocks"])
        figures.update({
            f"{way}_load_average_1min_at_start": load,
            f"{way}_wall_seconds": round(timed["wall_s"], 2),
            f"{way}_cpu_seconds": round(timed["cpu_s"], 2),
            f"{way}_rss_before_layout_mb": round(timed["rss_before_mb"]),
            f"{way}_rss_after_layout_mb": round(timed["rss_after_mb"]),
            f"{way}_peak_rss_mb": round(timed["peak_rss_mb"]),
            f"{way}_traced_peak_mb": round(traced["traced_peak_mb"]),
            f"{way}_pages": timed["pages"],
            f"{way}_bytes": timed["bytes"],
        })
    figures["platypus_over_longform_cpu"] = round(
        figures["platypus_cpu_seconds"] / max(figures["longform_cpu_seconds"], 1e-9), 1)
    return figures


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True,
                              check=False).stdout.strip()
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--measure"]:
        print(json.dumps(_measure(argv[1], int(argv[2]), argv[3], argv[4] == "trace",
                                  argv[5])))
        return 0
    if argv[:1] == ["--worker"]:
        print(json.dumps(_worker(argv[1], int(argv[2]), argv[3])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--sizes", default="100000,10000",
                        help="numbers of opinions, comma-separated")
    parser.add_argument("--save-pdf", default="", help="a folder for the PDFs of each way")
    args, _unknown = parser.parse_known_args(argv)
    kind = "sqlite" if args.db == "both" else args.db  # the layout does not read the database
    figures: dict[str, Any] = {"database": kind, "uptime_at_start": _uptime(),
                               "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    for size in (int(s) for s in args.sizes.split(",")):
        with throwaway_database(kind, "linebreak") as url:
            done = subprocess.run(
                [sys.executable, "-m", "bench.bench_linebreak", "--worker", url, str(size),
                 args.save_pdf], stdout=subprocess.PIPE, text=True, check=False)
            if done.returncode != 0:
                raise SystemExit(f"benchmark of {size} opinions failed")
            figures[f"summary_{size}"] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["uptime_at_end"] = _uptime()
    figures["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    write_result(f"linebreak-{kind}", figures, TARGETS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
