"""Settings for the benchmarks: the test settings, on a database of the benchmark's own.

``SCMS_BENCH_DATABASE_URL`` names a PostgreSQL database, or a MySQL or MariaDB one
(``mysql://…``, with the options the installation docs ask for), that the benchmark may empty;
without it the benchmark uses an SQLite file in the system's temporary folder.

Where Wagtail is installed (only ever in the benchmark's environment; the package never needs
it), the same article is also built and served as a Wagtail page, for comparison.
"""

import os
import tempfile
from importlib.util import find_spec
from pathlib import Path

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS, _database

DEBUG = False
DATABASES = {
    "default": _database(os.environ.get("SCMS_BENCH_DATABASE_URL"))
    if os.environ.get("SCMS_BENCH_DATABASE_URL")
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(Path(tempfile.gettempdir()) / "supplements-cms-bench.sqlite3"),
    }
}
# Persistent connections, as a production site runs; reconnecting per request would be timed too.
DATABASES["default"]["CONN_MAX_AGE"] = None
ROOT_URLCONF = "benchmarks.urls"
# One process, so its local-memory cache is shared by all its requests: the pages' versions live
# in it, as they do in Redis on a production site (SHARED_CACHE in docs/settings.md).
SUPPLEMENTS_CMS = {"SHARED_CACHE": True}
SILENCED_SYSTEM_CHECKS = ["supplements_cms.W004"]  # one process: its LocMemCache is shared
# Room for every page of the largest run, as Redis would have (the default holds 300 entries).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
}
# The plain Django target: hand-written models and views (benchmarks/plain_pages).
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.plain_pages"]

COMPARE_WITH_WAGTAIL = find_spec("wagtail") is not None
if COMPARE_WITH_WAGTAIL:
    # Only what serving a page needs: no admin, no search index, no images.
    INSTALLED_APPS = [*INSTALLED_APPS, "wagtail", "modelcluster", "benchmarks.wagtail_pages"]
    WAGTAIL_SITE_NAME = "Benchmark"
