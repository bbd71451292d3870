"""Django's documented primary/replica router (Multiple databases, "An example"), with one
replica: every read goes to the streaming replica, every write to the primary."""

from __future__ import annotations

from tests.routers import LaggingReplicaRouter


class PrimaryReplicaRouter(LaggingReplicaRouter):
    """Writes, relations and migrations as the test suite's router; reads always on the replica."""

    def db_for_read(self, model, **hints):
        return "replica"
