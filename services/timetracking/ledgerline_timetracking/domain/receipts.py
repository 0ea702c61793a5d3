"""Which receipt files are accepted: photos and PDFs, checked by their bytes, not their name."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

import filetype

from ledgerline_contracts import ValidationFailed
from ledgerline_contracts.commands.timetracking import ReceiptUpload

ACCEPTED = {
    "image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WebP",
    "image/heic": "HEIC", "application/pdf": "PDF",
}
# Names clients commonly send for the same types.
ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/x-png": "image/png",
           "application/x-pdf": "application/pdf"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Receipt:
    filename: str
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def checked_receipt(upload: ReceiptUpload, max_bytes: int = DEFAULT_MAX_BYTES) -> Receipt:
    try:
        content = base64.b64decode(upload.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed("receipt.content_base64 is not valid base64", "receipt.content_base64") from None
    if not content:
        raise ValidationFailed("the receipt file is empty", "receipt.content_base64")
    if len(content) > max_bytes:
        raise ValidationFailed(f"the receipt is {len(content) / 1048576:.1f} MB; the limit is "
                               f"{max_bytes / 1048576:.1f} MB", "receipt.content_base64")
    actual = filetype.guess_mime(content)
    if actual not in ACCEPTED:
        raise ValidationFailed(f"a receipt must be a photo ({', '.join(v for v in ACCEPTED.values() if v != 'PDF')}) "
                               "or a PDF", "receipt.content_type")
    declared = upload.content_type.lower().split(";")[0].strip()
    declared = ALIASES.get(declared, declared)
    if declared != actual:
        raise ValidationFailed(f"the receipt is declared as {upload.content_type} but is a {ACCEPTED[actual]} file",
                               "receipt.content_type")
    return Receipt(upload.filename, actual, content)
