"""HTTP helpers of the kernel: the one way a view sends a file it built in memory."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

#: The MIME type of a Word document (.docx), the one definition in the project.
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def attachment(body: bytes, *, filename: str, content_type: str,
               inline: bool = False) -> HttpResponse:
    """``body`` sent as the file ``filename``: downloaded, or shown by the browser when
    ``inline`` (a PDF to read before printing).

    The ``Content-Disposition`` header is Django's own (the function ``FileResponse`` uses),
    so a Vietnamese name is sent as RFC 5987 ``filename*=utf-8''…``. The response is a plain
    ``HttpResponse`` rather than a streaming ``FileResponse``: the body is already in memory,
    and middleware and tests keep reading ``response.content``."""
    disposition = content_disposition_header(as_attachment=not inline, filename=filename)
    response = HttpResponse(body, content_type=content_type)
    if disposition:
        response["Content-Disposition"] = disposition
    return response


def streamed_attachment(chunks: Iterable[bytes], *, filename: str,
                        content_type: str) -> StreamingHttpResponse:
    """A file written while it is sent (a ZIP of many documents), with the same header as
    :func:`attachment`."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename) or "attachment"
    return response
