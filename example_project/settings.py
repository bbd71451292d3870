"""A small host site for supplements_cms: what a site needs to add, and its own base template.

Not for production as it stands: DEBUG is on and the secret key is a placeholder unless the
environment provides EXAMPLE_SECRET_KEY.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("EXAMPLE_SECRET_KEY", "example-only-not-a-secret")
DEBUG = os.environ.get("EXAMPLE_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # supplements_cms and the two apps it builds on:
    "taggit",
    "markdownx",
    "reversion",
    "supplements_cms",
    # The demo content command.
    "example_project.demo",
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
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "example_project.urls"
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
        },
    }
]
WSGI_APPLICATION = "example_project.wsgi.application"

# SQLite unless EXAMPLE_DATABASE_URL names a PostgreSQL database (postgresql://user:pass@host/name),
# as the load test (benchmarks/load.py) and a production-like run need.
_database_url = urlsplit(os.environ.get("EXAMPLE_DATABASE_URL", ""))
if _database_url.scheme in ("postgres", "postgresql"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(_database_url.path.lstrip("/")),
            "USER": unquote(_database_url.username or ""),
            "PASSWORD": unquote(_database_url.password or ""),
            "HOST": _database_url.hostname or "",
            "PORT": str(_database_url.port or ""),
            # Persistent connections, as a production site runs: no connect per request.
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("EXAMPLE_DATABASE", BASE_DIR / "db.sqlite3"),
            # A save takes the write lock when its transaction begins, and waits for another
            # save up to 20 s, instead of failing half-way with "database is locked"
            # (supplements_cms.W003 warns about a SQLite site without these).
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }

# Redis when EXAMPLE_REDIS_URL is set, shared by all server processes (the article page's cached
# parts then survive a restart and are built once, not once per worker); else Django's default
# local-memory cache.
if os.environ.get("EXAMPLE_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["EXAMPLE_REDIS_URL"],
        }
    }

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

# The package's settings; every key is optional (docs/settings.md).
SUPPLEMENTS_CMS = {
    "BASE_TEMPLATE": "example/base.html",
    "RELATED_POSTS": 4,
    # The site's name, as readers and feed readers see it (the author of unsigned articles,
    # such as imported ones): without it, the host name.
    "DEFAULT_AUTHOR": "Mineral Notes",
    # Only text a medical reviewer approved goes live.
    "REQUIRE_REVIEW_TO_PUBLISH": True,
}
# Review mail is printed on the console, not sent.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Behind Varnish (the load test): EXAMPLE_VARNISH_URL is Varnish's own address, which readers
# also use, so changed pages are purged there and may be kept there long.
if os.environ.get("EXAMPLE_VARNISH_URL"):
    SUPPLEMENTS_CMS |= {
        "PURGE_BACKEND": "supplements_cms.delivery.purging.HTTPPurge",
        "PURGE_OPTIONS": {"ENDPOINTS": [os.environ["EXAMPLE_VARNISH_URL"]]},
        "PURGE_BASE_URL": os.environ["EXAMPLE_VARNISH_URL"],
        "HTTP_S_MAXAGE": 86400,
    }
# Only needed if something else renders markdownx previews; the package's editor does not read it.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "supplements_cms.content.markdown.render_markdown"
