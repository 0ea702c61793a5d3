import pytest

from ledgerline_servicekit.testing.fixtures import truncate_all

from ledgerline_workorders.service import WorkordersService


@pytest.fixture
def database_url(migrated_database):
    url = migrated_database("workorders")
    truncate_all(url)
    return url


@pytest.fixture
def workorders(start_service, database_url):
    return start_service(WorkordersService)
