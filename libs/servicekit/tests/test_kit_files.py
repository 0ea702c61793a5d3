"""The kit's file store: content-addressed per organization, written whole, never outside its root."""

from uuid import uuid4

import pytest

from ledgerline_contracts import NotFound
from ledgerline_servicekit.files import FilesystemFileStore, StoredFiles, content_key


def test_the_same_bytes_are_stored_once_under_the_organizations_key(tmp_path):
    store = FilesystemFileStore(tmp_path, "photo")
    org = uuid4()
    key = content_key(org, "ab" * 32)
    store.save(key, b"first")
    store.save(key, b"first")
    assert store.load(key) == b"first"
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()] == [key]
    with pytest.raises(NotFound) as missing:
        store.load(content_key(org, "cd" * 32))
    assert missing.value.field == "photo"
    with pytest.raises(ValueError, match="outside the store"):
        store.save("../escape", b"x")


def test_a_shelf_is_configured_from_its_kinds_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGERLINE_PHOTOS_DIR", str(tmp_path / "p"))
    monkeypatch.setenv("LEDGERLINE_PHOTOS_MAX_BYTES", "1234")
    provider = StoredFiles("photos", 10)
    provider.setup()
    shelf = provider.get_dependency(None)
    assert shelf.max_bytes == 1234 and shelf.store.root == tmp_path / "p"
    monkeypatch.delenv("LEDGERLINE_PHOTOS_MAX_BYTES")
    provider.setup()
    assert provider.get_dependency(None).max_bytes == 10
