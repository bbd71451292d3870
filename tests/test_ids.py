"""The package sets the id type of each of its tables (bigint), whatever the host's
``DEFAULT_AUTO_FIELD``, and widens the one table an older migration let the host decide."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as live_apps
from django.db import connection, models
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings

from supplements_cms.models import CallToActionCondition
from tests.factories import make_cta

widening = importlib.import_module("supplements_cms.migrations.0011_calltoaction_condition_ids")


# Tables whose primary key is a name the package chooses, not a generated id.
NAMED_KEYS = {"CacheVersion", "ListSize", "PendingPurge", "RenderedFragment"}


@pytest.mark.parametrize("default", ["django.db.models.AutoField", "django.db.models.BigAutoField"])
def test_migrations_give_every_table_a_bigint_id_whatever_the_hosts_default(default):
    with override_settings(DEFAULT_AUTO_FIELD=default):
        state = MigrationLoader(None, ignore_no_migrations=True).project_state()
        rendered = state.apps.get_app_config("supplements_cms").get_models(
            include_auto_created=True
        )
        ids = {model.__name__: type(model._meta.pk) for model in rendered}
    # Generated ids are bigints; a table keyed by a name of its own keeps its key.
    assert {name for name, kind in ids.items() if kind is not models.BigAutoField} == NAMED_KEYS
    assert "CallToActionCondition" in ids


def test_the_models_agree():
    package = live_apps.get_app_config("supplements_cms").get_models(include_auto_created=True)
    ids = {model.__name__: type(model._meta.pk) for model in package}
    assert {name for name, kind in ids.items() if kind is not models.BigAutoField} == NAMED_KEYS
    assert ids["CacheVersion"] is models.CharField


# Outside a transaction: SQLite's schema editor refuses to run inside one.
@pytest.mark.django_db(transaction=True)
def test_a_site_whose_link_table_has_an_integer_id_gets_a_bigint_one():
    """As a site made with ``DEFAULT_AUTO_FIELD = AutoField`` has it before migration 0011."""
    table = CallToActionCondition._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} ALTER COLUMN id TYPE integer")
        assert _id_type(table) == "AutoField"
    with connection.schema_editor() as editor:
        widening.widen_integer_id(live_apps, editor)
    if connection.vendor == "postgresql":
        assert _id_type(table) == "BigAutoField"
    cta = make_cta("Sleep", conditions=["Insomnia"])
    link = CallToActionCondition.objects.get(calltoaction=cta)
    CallToActionCondition.objects.filter(pk=link.pk).update(id=2**40)
    assert list(cta.conditions.values_list("name", flat=True)) == ["Insomnia"]
    # The sequence was widened with the column: new rows still get ids.
    make_cta("Cramps", conditions=["Muscle cramps"])
    assert CallToActionCondition.objects.count() == 2


def _id_type(table: str) -> str:
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, table)
    (column,) = [c for c in columns if c.name == "id"]
    return connection.introspection.get_field_type(column.type_code, column)
