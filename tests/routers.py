"""Django's documented primary/replica router, with a replica that never catches up.

Reads go to the ``replica`` alias while the setting ``SCMS_TEST_READ_REPLICA`` is true (the
``lagging_replica`` fixture turns it on); writes always go to ``default``. The replica is a
migrated database that no write ever reaches: anything read from it is stale, so a test that
passes with it on proves that the code reads what decides a write from the write database.
"""

from __future__ import annotations

from django.conf import settings


class LaggingReplicaRouter:
    def db_for_read(self, model, **hints):
        return "replica" if getattr(settings, "SCMS_TEST_READ_REPLICA", False) else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return True
