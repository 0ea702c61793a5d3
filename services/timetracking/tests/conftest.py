import pytest

from ledgerline_servicekit.testing.fixtures import truncate_all

from ledgerline_timetracking.service import TimetrackingService


@pytest.fixture
def database_url(migrated_database):
    url = migrated_database("timetracking")
    truncate_all(url)
    return url


@pytest.fixture
def timetracking(start_service, database_url):
    return start_service(TimetrackingService)
