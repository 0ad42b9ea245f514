"""Numbers as Vietnamese writes them: a decimal comma and a thousands dot ("1.234,5"), through
Django's localisation in Vietnamese whatever the page's language, for every page and document.

The pure packages (``daihoi.tally``, ``daihoi.composition``) give numbers as plain strings with
a decimal point ("53.66"); they are formatted here when shown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, translation


def vn_number(value: Decimal | int | float | str, places: int = 0) -> str:
    """``value`` rounded half up to ``places`` decimals, with a decimal comma and a thousands
    dot: 1234.5 → "1.234,50" (places=2). A value that is not a number (an empty cell) is
    returned as it is."""
    try:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    with translation.override("vi"):
        return formats.number_format(number, places, use_l10n=True, force_grouping=True)


def vn_percent(share: Decimal | int | float | str, places: int = 2) -> str:
    """A share in percent (the engine's "53.66") as printed: "53,66"; no "%" sign added."""
    return vn_number(share, places)
