"""Where services keep uploaded files (receipts, job photos, signatures): a small storage
interface, with a filesystem default.

Files never go into the database; a record keeps its file's key. Keys are
``<org_id>/<sha256 of the content>``, so the same file uploaded twice is stored once and one
organization's files never share a path with another's. Files are never deleted here (evidence
for audits).

Each kind of file has its own shelf, configured from the environment:

    LEDGERLINE_<KIND>_DIR          where the filesystem store writes
                                   (default: $XDG_DATA_HOME/ledgerline/<kind>)
    LEDGERLINE_<KIND>_MAX_BYTES    the largest file accepted

Several replicas of a service must share the directory (a network volume), or use another
implementation of :class:`FileStore` (e.g. object storage).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol
from uuid import UUID

from nameko.extensions import DependencyProvider

from ledgerline_contracts import NotFound


class FileStore(Protocol):
    def save(self, key: str, content: bytes) -> None: ...

    def load(self, key: str) -> bytes: ...


class FilesystemFileStore:
    def __init__(self, root: Path, what: str = "file"):
        self.root = root
        self.what = what

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"{self.what} key {key!r} points outside the store")
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
            raise NotFound(f"the {self.what} is missing from the file store", self.what) from None


def content_key(org_id: UUID, digest: str) -> str:
    """Where a file with this sha256 digest lives for this organization."""
    return f"{org_id}/{digest}"


class FileShelf:
    """What a worker gets: the store, and the size limit to check uploads against."""

    def __init__(self, store: FileStore, max_bytes: int):
        self.store = store
        self.max_bytes = max_bytes


def _default_dir(kind: str) -> Path:
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "ledgerline" / kind


class StoredFiles(DependencyProvider):
    """A service's shelf of one kind of file (``photos = StoredFiles("photos", 10 * 1024 * 1024)``),
    configured from ``LEDGERLINE_<KIND>_DIR`` and ``LEDGERLINE_<KIND>_MAX_BYTES`` when it starts."""

    def __init__(self, kind: str, max_bytes: int):
        self.kind = kind
        self.default_max_bytes = max_bytes

    def setup(self) -> None:
        prefix = f"LEDGERLINE_{self.kind.upper()}"
        root = Path(os.environ.get(f"{prefix}_DIR") or _default_dir(self.kind))
        max_bytes = int(os.environ.get(f"{prefix}_MAX_BYTES") or self.default_max_bytes)
        if max_bytes < 1:
            raise ValueError(f"{prefix}_MAX_BYTES must be at least 1")
        self.shelf = FileShelf(FilesystemFileStore(root, self.kind.rstrip("s")), max_bytes)

    def get_dependency(self, worker_ctx) -> FileShelf:
        return self.shelf
