from datetime import UTC, datetime, timedelta

import pytest

from ledgerline_servicekit import clock
from ledgerline_servicekit.testing.fixtures import database_fixture

from ledgerline_workorders.entrypoints.service import WorkordersService

database_url = database_fixture("workorders")


class Clock:
    """The service's "now", moved by the test (a job's hours pass in an instant)."""

    def __init__(self):
        self.now = datetime.now(UTC).replace(microsecond=0)

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def fake_clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(clock, "now", lambda: fake.now)
    return fake


@pytest.fixture
def photos_dir(tmp_path, monkeypatch):
    path = tmp_path / "photos"
    monkeypatch.setenv("LEDGERLINE_PHOTOS_DIR", str(path))
    return path


@pytest.fixture
def workorders(start_service, database_url, photos_dir, fake_clock):
    return start_service(WorkordersService)
