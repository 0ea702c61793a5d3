import pytest

from ledgerline_servicekit.testing.fixtures import database_fixture

from ledgerline_timetracking.entrypoints.service import TimetrackingService
from timetracking_helpers import FakeInvoicing

database_url = database_fixture("timetracking")


@pytest.fixture
def invoicing():
    """Stands in for invoicing's pricing and parts catalog, per the contract."""
    return FakeInvoicing()


@pytest.fixture
def receipts_dir(tmp_path, monkeypatch):
    path = tmp_path / "receipts"
    monkeypatch.setenv("LEDGERLINE_RECEIPTS_DIR", str(path))
    return path


@pytest.fixture
def timetracking(start_service, database_url, invoicing, receipts_dir):
    return start_service(TimetrackingService, replace={"invoicing": invoicing})
