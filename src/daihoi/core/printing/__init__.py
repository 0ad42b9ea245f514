"""Documents an office prints, in the Party's format (Hướng dẫn 36-HD/VPTW; spec §4, R-200…R-205).

One idea per module:

* :mod:`.fonts`: the shipped typeface (Tinos) for WeasyPrint, ReportLab and DOCX;
* :mod:`.heading`: the Party heading (its two columns, the place and date line);
* :mod:`.signature`: the sign-off (the signature block and the recipients);
* :mod:`.blocks`: the block model of long reports (:class:`~.blocks.Para`, :class:`~.blocks.Grid`);
* :mod:`.docx`: the DOCX writer (python-docx): a new document, the sign-off, the blocks;
* :mod:`.pdf`: the PDF writer of long reports (ReportLab, with its own line breaker);
* :mod:`.weasy`: the PDF of the other documents, from an HTML template (WeasyPrint).

This package re-exports the names the apps use.
"""

from daihoi.core.printing.docx import append_signoff, docx_bytes, new_docx
from daihoi.core.printing.fonts import FONT_FACES, FONT_FAMILY
from daihoi.core.printing.heading import (
    HEADING_COLUMNS_MM,
    PARTY,
    UNNUMBERED,
    PartyHeading,
    place_date_line,
)
from daihoi.core.printing.signature import BLANK_NAME, RECIPIENTS_LABEL, Signature
from daihoi.core.printing.weasy import render_pdf

__all__ = [
    "BLANK_NAME",
    "FONT_FACES",
    "FONT_FAMILY",
    "HEADING_COLUMNS_MM",
    "PARTY",
    "RECIPIENTS_LABEL",
    "UNNUMBERED",
    "PartyHeading",
    "Signature",
    "append_signoff",
    "docx_bytes",
    "new_docx",
    "place_date_line",
    "render_pdf",
]
