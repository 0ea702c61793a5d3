import pytest

from ledgerline_servicekit.testing.fixtures import database_fixture

from ledgerline_dunning.entrypoints.service import DunningService

database_url = database_fixture("dunning")


@pytest.fixture
def dunning(start_service, database_url):
    return start_service(DunningService)
