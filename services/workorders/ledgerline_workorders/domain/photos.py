"""Which photo and signature files are accepted: images, checked by their bytes, not their name."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

import filetype

from ledgerline_contracts import ValidationFailed

ACCEPTED = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP", "image/heic": "HEIC"}
# Names clients commonly send for the same types.
ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/x-png": "image/png"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Image:
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def checked_image(content_base64: str, declared_type: str, max_bytes: int, field: str) -> Image:
    """The decoded image, if it is one of the accepted types, as declared, within the size limit."""
    try:
        content = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed(f"{field}.content_base64 is not valid base64", f"{field}.content_base64") from None
    if not content:
        raise ValidationFailed("the file is empty", f"{field}.content_base64")
    if len(content) > max_bytes:
        raise ValidationFailed(f"the file is {len(content) / 1048576:.1f} MB; the limit is "
                               f"{max_bytes / 1048576:.1f} MB", f"{field}.content_base64")
    actual = filetype.guess_mime(content)
    if actual not in ACCEPTED:
        raise ValidationFailed(f"{field} must be an image ({', '.join(ACCEPTED.values())})", f"{field}.content_type")
    declared = ALIASES.get(declared_type.lower().split(";")[0].strip(), declared_type.lower().split(";")[0].strip())
    if declared != actual:
        raise ValidationFailed(f"the file is declared as {declared_type} but is a {ACCEPTED[actual]} image",
                               f"{field}.content_type")
    return Image(actual, content)
