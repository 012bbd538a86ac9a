"""The project is consistent: migrations match the models and Django's checks pass."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())


@pytest.mark.django_db
def test_system_checks_pass_on_this_database():
    call_command("check", "--database", "default", "--fail-level", "WARNING")
