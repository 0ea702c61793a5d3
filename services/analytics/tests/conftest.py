import pytest

from ledgerline_servicekit.testing.fixtures import truncate_all

from ledgerline_analytics.service import AnalyticsService


@pytest.fixture
def database_url(migrated_database):
    url = migrated_database("analytics")
    truncate_all(url)
    return url


@pytest.fixture
def analytics(start_service, database_url):
    return start_service(AnalyticsService)
