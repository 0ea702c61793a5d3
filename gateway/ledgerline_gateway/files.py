"""File answers (PDF, spreadsheet, CSV), sent the same way by API endpoints and web pages."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from flask import Response


@dataclass(frozen=True)
class Binary:
    """A file answer: return one from an endpoint declared with ``produces=``, or from a page.

    Services answer RPCs in JSON, so they send files base64-encoded: see :meth:`from_base64`.
    """

    content: bytes
    media_type: str
    filename: str | None = None

    @classmethod
    def from_base64(cls, data: str, media_type: str, filename: str | None = None) -> Binary:
        return cls(base64.b64decode(data), media_type, filename)

    def response(self, status: int) -> Response:
        response = Response(self.content, status=status, content_type=self.media_type)
        if self.filename:
            response.headers.set("Content-Disposition", "attachment", filename=self.filename)
        return response


def file_response(attachment: dict) -> Response:
    """A document a service made (base64 over RPC), as a download (the file name quoted by Werkzeug)."""
    return Binary.from_base64(attachment["content"], attachment["content_type"], attachment["filename"]).response(200)
