"""The digest of one audit entry, and the chain's head as it is printed.

Scheme 2 (every entry written since the log was keyed) is HMAC-SHA256 under ``AUDIT_HMAC_KEY``,
a key that lives in the environment (or a key file), never in the database: someone who can
write to the database but does not hold the key cannot recompute the chain after an edit.
Scheme 1 (entries written before) is the plain SHA-256 of the same payload; such "legacy"
entries may only form the beginning of the log, and the first keyed entry after them seals them
(its HMAC covers the last legacy hash).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings

GENESIS = "0" * 64
LEGACY = 1
KEYED = 2

#: Hex digits of the head hash printed on documents (64 bits: enough to bind a printed page to
#: one chain; ``audit verify --against`` compares the whole hash when given it).
PRINTED_HEX = 16


def hmac_key() -> bytes:
    """The chain's key (settings.AUDIT_HMAC_KEY), as bytes."""
    key: str = settings.AUDIT_HMAC_KEY
    return key.encode("utf-8")


def payload(
    *,
    seq: int,
    at: str,
    actor_id: int | None,
    actor_name: str,
    organization_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    summary: str,
    data: Any,
    prev_hash: str,
) -> bytes:
    return json.dumps(
        {
            "seq": seq,
            "at": at,
            "actor_id": actor_id,
            "actor_name": actor_name,
            "organization_id": organization_id,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "summary": summary,
            "data": data,
            "prev": prev_hash,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    ).encode("utf-8")


def digest(scheme: int, body: bytes, *, key: bytes | None = None) -> str:
    """The entry's hash under ``scheme`` (the keyed one unless the entry is legacy)."""
    if scheme == LEGACY:
        return hashlib.sha256(body).hexdigest()
    return hmac.new(hmac_key() if key is None else key, body, hashlib.sha256).hexdigest()


def vn_int(n: int) -> str:
    """An integer in the Vietnamese format (1.234)."""
    return f"{n:,}".replace(",", ".")


@dataclass(frozen=True)
class ChainHead:
    """The chain's length (the last sequence number) and its last hash."""

    length: int
    hash: str

    @property
    def code(self) -> str:
        """The printed check code: the hash's first hex digits."""
        return self.hash[:PRINTED_HEX]

    @property
    def short(self) -> str:
        """``LENGTH:CODE``, what ``daihoi audit verify --against`` takes."""
        return f"{self.length}:{self.code}"

    @property
    def printed(self) -> str:
        """The one line printed on the minutes and the resolution."""
        return f"Nhật ký: {vn_int(self.length)} mục, mã kiểm tra {self.code}."


_SHORT = re.compile(r"^\s*(\d[\d.]*)\s*:\s*([0-9a-fA-F]{8,64})\s*$")
_PRINTED = re.compile(
    r"Nh\S*t\s+k\S*\s*:?\s*(\d{1,3}(?:\.\d{3})+|\d+)\s+m\S*c\s*,\s*m\S*\s+ki\S*m\s+tra\s+"
    r"([0-9a-f]{8,64})")


def parse_head(text: str) -> ChainHead | None:
    """A head given as ``LENGTH:HASH`` (the hash whole or its first 8+ hex digits), or the
    last printed line ``Nhật ký: 1.234 mục, mã kiểm tra …`` found in a document's text."""
    match = _SHORT.match(text)
    if match is None:
        found = _PRINTED.findall(" ".join(text.split()))
        if not found:
            return None
        length, code = found[-1]
    else:
        length, code = match.groups()
    return ChainHead(int(length.replace(".", "")), code.lower())
