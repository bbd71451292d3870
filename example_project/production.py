"""The example site's settings for production: what docs/production.md shows, and what the
Lighthouse check in CI serves with gunicorn (tests/validators/).

    export DJANGO_SETTINGS_MODULE=example_project.production EXAMPLE_SECRET_KEY=...
    python example_project/manage.py collectstatic --no-input
    gunicorn example_project.wsgi --workers 5 --bind 127.0.0.1:8000

WhiteNoise serves the static files: compressed once at ``collectstatic``, under names that carry
a hash of their content, so browsers may keep them for a year. Django's GZipMiddleware
compresses the pages.
"""

import os

from .settings import *  # noqa: F403
from .settings import BASE_DIR, MIDDLEWARE

DEBUG = False
# No fallback: a site in production has a secret of its own.
SECRET_KEY = os.environ["EXAMPLE_SECRET_KEY"]
ALLOWED_HOSTS = os.environ.get("EXAMPLE_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Straight after the security headers, before anything that reads a session or a page.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed; since Django 4.2 it pads each response with random bytes, against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    *(name for name in MIDDLEWARE if name != "django.middleware.security.SecurityMiddleware"),
]

STATIC_ROOT = os.environ.get("EXAMPLE_STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (supplements_cms.3f2a1b9c.css) and gzip copies made by collectstatic; WhiteNoise
    # sends hashed files with "Cache-Control: max-age=315360000, public, immutable".
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS only, unless EXAMPLE_HTTPS=0 (a check of the site on http://127.0.0.1, as CI's).
if os.environ.get("EXAMPLE_HTTPS", "1") == "1":
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
