"""Settings for the package's own test suite.

SQLite in memory by default; set SCMS_TEST_DATABASE_URL=postgresql://user:pass@host:port/name or
mysql://user:pass@host:port/name to run the same suite on PostgreSQL or on MySQL/MariaDB (CI runs
all three).
"""

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español")]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "markdownx",
    "reversion",
    "supplements_cms",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Readers get the page in their browser's language where the site has it (dates, <html lang>).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "string_if_invalid": "INVALID[%s]",
        },
    }
]


def _database(url: str | None) -> dict:
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ":memory:",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    parts = urlsplit(url)
    database: dict[str, Any] = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }
    if parts.scheme in ("mysql", "mariadb"):
        # What docs/installation.md asks of a MySQL/MariaDB site: four-byte UTF-8, strict mode
        # (a too-long value is an error, not silently cut) and READ COMMITTED.
        database["ENGINE"] = "django.db.backends.mysql"
        database["OPTIONS"] = MYSQL_OPTIONS
        database["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
    elif parts.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"SCMS_TEST_DATABASE_URL: unknown scheme {parts.scheme!r}")
    return database


MYSQL_OPTIONS = {
    "charset": "utf8mb4",
    "init_command": "SET sql_mode = 'STRICT_TRANS_TABLES'",
    "isolation_level": "read committed",
}


DATABASES = {"default": _database(os.environ.get("SCMS_TEST_DATABASE_URL"))}
# A read replica that never catches up (tests/routers.py): reads that decide a write must not
# go there. Its test database is a separate, migrated, empty one.
DATABASES["replica"] = {
    **DATABASES["default"],
    "TEST": {"NAME": f"{DATABASES['default']['NAME']}_replica".replace(":memory:_replica", "")},
}
# The package's router first, as docs/deployment.md asks: editors read their own writes.
DATABASE_ROUTERS = [
    "supplements_cms.routers.EditorsReadTheirWrites",
    "tests.routers.LaggingReplicaRouter",
]
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "artifacts" / "media"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# markdownx reads its settings once at import, so they are set here rather than overridden.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "supplements_cms.content.markdown.render_markdown"
# Django 6.1 sends mail through named mailers (the test runner makes each one keep mail in memory);
# Django 5.2 ignores the setting.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
