import pytest
from sqlalchemy import create_engine

from ledgerline_servicekit.config import nameko_config
from ledgerline_servicekit.provision import create_database
from ledgerline_servicekit.tables import kit_metadata
from ledgerline_servicekit.testing.fixtures import test_settings, truncate_all

from kit_sample import sample_metadata


SAMPLE_SERVICES = ("invoicing", "timetracking")


@pytest.fixture(scope="session")
def sample_settings(kit_settings):
    # Own database names, so the sample tables never meet a real service's schema.
    settings = test_settings(database_prefix=f"{kit_settings.database_prefix}_kit")
    for service in SAMPLE_SERVICES:
        create_database(settings.postgres_url, settings.database_name(service), drop_first=True)
        engine = create_engine(settings.database_url_for(service))
        kit_metadata.create_all(engine)
        sample_metadata.create_all(engine)
        engine.dispose()
    return settings


@pytest.fixture
def sample_config(sample_settings):
    for service in SAMPLE_SERVICES:
        truncate_all(sample_settings.database_url_for(service))
    return nameko_config(sample_settings)


@pytest.fixture
def sample_engines(sample_settings):
    engines = {s: create_engine(sample_settings.database_url_for(s)) for s in SAMPLE_SERVICES}
    yield engines
    for engine in engines.values():
        engine.dispose()
