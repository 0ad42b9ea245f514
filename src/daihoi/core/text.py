"""Clean text before it is stored: names in NFC, without invisible or direction-changing
characters.

A name typed or pasted with a right-to-left override (U+202E), a zero-width space or a
control character looks normal on screen but no longer matches a search for the same name,
and can make a list lie about its order. Every service that writes a person's or an
organization's name passes it through :func:`clean_name`.
"""

from __future__ import annotations

import re
import unicodedata

#: Zero-width characters and marks (U+200B–U+200F), bidirectional embeddings and overrides
#: (U+202A–U+202E), isolates (U+2066–U+2069), the byte-order mark / zero-width no-break space
#: (U+FEFF), the soft hyphen and the other invisible formatting characters of Unicode's
#: "Cf" class that have no place in a name, and the C0 and C1 control characters.
_INVISIBLE = re.compile(
    "[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_SPACES = re.compile(r"\s+")


def strip_invisible(text: str) -> str:
    """``text`` in NFC without control, zero-width and bidirectional-control characters
    (line breaks included); other characters, spacing included, are kept."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text))


def clean_name(text: str) -> str:
    """A name as stored: NFC, no invisible or control characters, runs of white space (a tab
    or a line break included) made one space, no space at either end."""
    spaced = _INVISIBLE.sub(lambda m: " " if m.group() in "\t\n\r\x0b\x0c" else "", text)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", spaced)).strip()
