"""Shared fixtures: the reference dataset is loaded once into the test database."""

import io

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("loadreference", stdout=io.StringIO())


from tests.personas import personas  # noqa: E402,F401  (fixture)
