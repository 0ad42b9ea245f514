"""The badge's QR code: the delegate's id signed with ``django.core.signing``, salted per
congress, so a code of another congress or a forged one is refused."""

from __future__ import annotations

from django.core import signing
from django.utils.translation import gettext

from daihoi.core.errors import ServiceError

SALT = "daihoi.delegates.badge"
PREFIX = "DH1:"


def _signer(congress_id: int) -> signing.Signer:
    return signing.Signer(salt=f"{SALT}:{congress_id}")


def badge_payload(*, congress_id: int, delegate_id: int) -> str:
    """``DH1:<delegate id>:<signature>``; short, so that a small QR code holds it."""
    return PREFIX + _signer(congress_id).sign(str(delegate_id))


def delegate_id_from_payload(*, congress_id: int, payload: str) -> int:
    """The delegate id of a payload signed for this congress; else a clear refusal."""
    text = payload.strip()
    if not text.startswith(PREFIX):
        raise ServiceError(gettext("Mã QR không phải thẻ đại biểu của hệ thống."))
    try:
        value = _signer(congress_id).unsign(text.removeprefix(PREFIX))
    except signing.BadSignature:
        raise ServiceError(gettext("Mã QR không hợp lệ: thẻ của đại hội khác hoặc bị làm giả. "
                           "Không ghi nhận điểm danh.")) from None
    return int(value)
