"""Decompression bombs for the upload tests and the security sweep (``tools/security_sweep.py``):
built once here."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Sequence

from daihoi.documents.importing import build_docx

#: One section, the smallest draft the importer reads.
ONE_SECTION: Sequence[tuple[str, int, str]] = (("I. Mở đầu", 1, "Nội dung."),)


def docx_bomb(inflated: int, *, sections: Sequence[tuple[str, int, str]] = ONE_SECTION,
              padding: int = 0) -> bytes:
    """A DOCX of ``sections`` whose ``word/document.xml`` declares and inflates to ``inflated``
    bytes; ``padding`` bytes of stored random data (an image) make the file itself larger."""
    good = zipfile.ZipFile(io.BytesIO(build_docx(list(sections))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in good.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, good.read(info.filename))
        if padding:
            archive.writestr("word/media/image1.png", os.urandom(padding),
                             compress_type=zipfile.ZIP_STORED)
        with archive.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated // len(chunk)):
                fh.write(chunk)
    return out.getvalue()
