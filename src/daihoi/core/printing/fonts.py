"""The typeface of every printed document, for WeasyPrint, ReportLab and DOCX."""

from __future__ import annotations

import functools
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe

#: The one typeface of every PDF: Tinos (Times-like, every Vietnamese letter of TCVN 6909:2001),
#: shipped in ``core/fonts`` under the SIL Open Font License, so that no font need be installed.
FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT_FAMILY = "Tinos"
#: The four faces: (style key, file, CSS weight, CSS style).
FONT_FACES = (
    ("regular", FONT_DIR / "Tinos-Regular.ttf", "normal", "normal"),
    ("bold", FONT_DIR / "Tinos-Bold.ttf", "bold", "normal"),
    ("italic", FONT_DIR / "Tinos-Italic.ttf", "normal", "italic"),
    ("bolditalic", FONT_DIR / "Tinos-BoldItalic.ttf", "bold", "italic"),
)
#: DOCX files name Times New Roman, which offices have.
DOCX_FONT = "Times New Roman"


def font_css() -> SafeString:
    """``@font-face`` rules for the shipped faces and the family for the whole page (the root,
    so that the page-number margin boxes use it too), for the WeasyPrint templates."""
    faces = "".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}\n"
        for _key, path, weight, style in FONT_FACES)
    return mark_safe(f'{faces}html {{ font-family: "{FONT_FAMILY}"; }}\n')  # noqa: S308 - ours


@functools.cache
def _registered() -> tuple[str, str, str, str]:
    """Register the shipped faces (:data:`FONT_FACES`) with ReportLab once
    per process; their names by style: regular, bold, italic, bold italic."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = []
    for key, path, _weight, _style in FONT_FACES:
        name = f"{FONT_FAMILY}-{key}"
        pdfmetrics.registerFont(TTFont(name, str(path)))
        names.append(name)
    regular, bold, italic, bolditalic = names
    return regular, bold, italic, bolditalic


def pdf_faces() -> tuple[str, str, str, str]:
    """The faces registered with ReportLab: regular, bold, italic, bold italic (for documents
    drawn directly on a canvas, such as the ballot)."""
    return _registered()
