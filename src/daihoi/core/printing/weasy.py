"""Printed documents laid out by WeasyPrint from an HTML template (``printing/base.html``)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from daihoi.core.printing.fonts import font_css
from daihoi.core.printing.heading import HEADING_COLUMNS_MM
from daihoi.core.printing.signature import (
    RECIPIENTS_LABEL,
    RECIPIENTS_LABEL_SIZE,
    RECIPIENTS_SIZE,
    SIGN_SIZE,
    SIGN_SPACE_MM,
    SIGNOFF_SHARES,
)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render ``template_name`` (which extends ``printing/base.html``) to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, {
        "font_css": font_css(), "heading_columns_mm": HEADING_COLUMNS_MM,
        "heading_width_mm": sum(HEADING_COLUMNS_MM), "sign_size": SIGN_SIZE,
        "sign_space_mm": SIGN_SPACE_MM, "recipients_label": RECIPIENTS_LABEL,
        "recipients_label_size": RECIPIENTS_LABEL_SIZE, "recipients_size": RECIPIENTS_SIZE,
        "signoff_shares": SIGNOFF_SHARES, **context})
    pdf: bytes = HTML(string=html, base_url=".").write_pdf()
    return pdf
