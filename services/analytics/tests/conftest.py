import pytest

from ledgerline_servicekit.testing.fixtures import database_fixture

from ledgerline_analytics.entrypoints.service import AnalyticsService

database_url = database_fixture("analytics")


@pytest.fixture
def analytics(start_service, database_url):
    return start_service(AnalyticsService)
