import pytest

from ledgerline_servicekit.testing.fixtures import database_fixture

from ledgerline_invoicing.entrypoints.service import InvoicingService

database_url = database_fixture("invoicing")


@pytest.fixture
def invoicing(start_service, database_url):
    return start_service(InvoicingService)
