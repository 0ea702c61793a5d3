import pytest

from ledgerline_servicekit.testing.fixtures import database_fixture

from ledgerline_workorders.entrypoints.service import WorkordersService

database_url = database_fixture("workorders")


@pytest.fixture
def workorders(start_service, database_url):
    return start_service(WorkordersService)
