"""Where receipt files live: a small storage interface, with a filesystem default.

Files never go into the database; an expense keeps the key of its receipt.
Keys are ``<org_id>/<sha256 of the content>``, so the same file uploaded twice
is stored once, and one organization's files never share a path with another's.
Files of deleted expenses or replaced receipts are kept (evidence for audits).

    LEDGERLINE_RECEIPTS_DIR          where the filesystem store writes
                                     (default: $XDG_DATA_HOME/ledgerline/receipts)
    LEDGERLINE_RECEIPT_MAX_BYTES     the largest receipt accepted (default 5 MiB)

Several replicas of the service must share the directory (a network volume),
or use another implementation of :class:`ReceiptStore` (e.g. object storage).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol
from uuid import UUID

from nameko.extensions import DependencyProvider
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ledgerline_contracts import NotFound

from ledgerline_timetracking.domain.receipts import DEFAULT_MAX_BYTES, Receipt


def _default_dir() -> Path:
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "ledgerline" / "receipts"


class ReceiptSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LEDGERLINE_", extra="ignore")

    receipts_dir: Path = Field(default_factory=_default_dir)
    receipt_max_bytes: int = Field(default=DEFAULT_MAX_BYTES, ge=1)


class ReceiptStore(Protocol):
    def save(self, key: str, content: bytes) -> None: ...

    def load(self, key: str) -> bytes: ...


class FilesystemReceiptStore:
    def __init__(self, root: Path):
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"receipt key {key!r} points outside the store")
        return path

    def save(self, key: str, content: bytes) -> None:
        path = self._path(key)
        if path.exists():  # content-addressed: the same bytes are already there
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a reader never sees half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as partial:
            partial.write(content)
            partial.flush()
            os.fsync(partial.fileno())
        os.replace(partial.name, path)

    def load(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise NotFound("the receipt file is missing from the receipt store", "receipt") from None


def receipt_key(org_id: UUID, receipt: Receipt) -> str:
    return f"{org_id}/{receipt.digest}"


class ReceiptBox:
    """What a worker gets: the store, and the size limit to check uploads against."""

    def __init__(self, store: ReceiptStore, max_bytes: int):
        self.store = store
        self.max_bytes = max_bytes


class Receipts(DependencyProvider):
    """The receipt store of the service (``self.receipts``), configured from the environment."""

    def setup(self) -> None:
        settings = ReceiptSettings()
        self.box = ReceiptBox(FilesystemReceiptStore(settings.receipts_dir), settings.receipt_max_bytes)

    def get_dependency(self, worker_ctx) -> ReceiptBox:
        return self.box
