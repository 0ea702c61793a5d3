import pytest

from ledgerline_servicekit.testing.fixtures import truncate_all

from ledgerline_dunning.service import DunningService


@pytest.fixture
def database_url(migrated_database):
    url = migrated_database("dunning")
    truncate_all(url)
    return url


@pytest.fixture
def dunning(start_service, database_url):
    return start_service(DunningService)
