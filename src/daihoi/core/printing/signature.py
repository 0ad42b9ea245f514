"""The sign-off of a printed document: the signature block at the right, the recipients at
the left (their text and sizes, for every writer)."""

from __future__ import annotations

from dataclasses import dataclass

#: The blank line left for a signer's name the records do not hold (never a made-up name).
BLANK_NAME = "…" * 14
#: The recipients' label (Hướng dẫn 36-HD/VPTW: underlined, above the list).
RECIPIENTS_LABEL = "Nơi nhận:"


@dataclass(frozen=True)
class Signature:
    """The foot of a document (R-200, items 7 to 9). At the right: ``lines`` in bold, the
    authority ("T/M BAN KIỂM PHIẾU") then the signer's title ("TRƯỞNG BAN"); room for the
    signature and the seal; the signer's full name as the records hold it, or a blank line
    when they hold none (never a made-up name). At the left: "Nơi nhận:" and ``recipients``.

    Every writer keeps it on the page of the body's last lines: it is never alone on a page."""

    lines: tuple[str, ...]
    name: str = ""
    recipients: tuple[str, ...] = ()

    @property
    def printed_name(self) -> str:
        return self.name or BLANK_NAME

    @property
    def recipient_lines(self) -> tuple[str, ...]:
        """``- Ban Thường vụ Huyện ủy (để b/c),`` … ``- Lưu Văn phòng.``: a comma after each
        but the last, which ends with a full stop."""
        n = len(self.recipients)
        return tuple(f"- {r}{'.' if i == n - 1 else ','}" for i, r in enumerate(self.recipients))


#: Sizes of the sign-off in points, for every writer.
SIGN_SIZE = 14.0
RECIPIENTS_LABEL_SIZE = 12.0
RECIPIENTS_SIZE = 11.0
#: Room for the signature and the seal, in mm.
SIGN_SPACE_MM = 24.0
#: The recipients' column and the signature's column, as shares of the text width.
SIGNOFF_SHARES = (0.42, 0.58)
