"""Shared fixtures: the reference dataset is loaded once into the test database."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("loadreference", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request in Bahasa Indonesia leaves its language active in the thread: start every test without it."""
    yield
    translation.deactivate()


from tests.personas import personas  # noqa: E402,F401  (fixture)
