"""Settings for the benchmarks: the test settings, on a database of the benchmark's own.

``SCMS_BENCH_DATABASE_URL`` names a PostgreSQL database (one the benchmark may empty); without
it the benchmark uses an SQLite file in the system's temporary folder.
"""

import os
import tempfile
from pathlib import Path

from tests.settings import *  # noqa: F403
from tests.settings import _database

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
