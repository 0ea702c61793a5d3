import pytest

from ledgerline_servicekit.testing.fixtures import truncate_all

from ledgerline_invoicing.service import InvoicingService


@pytest.fixture
def database_url(migrated_database):
    url = migrated_database("invoicing")
    truncate_all(url)
    return url


@pytest.fixture
def invoicing(start_service, database_url):
    return start_service(InvoicingService)
