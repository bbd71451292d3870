"""Settings of the whole-stack cluster test's servers (tests/cluster/test_stack.py): the test
settings with a PostgreSQL primary and its streaming replica behind Django's documented
primary/replica router, Redis as the shared cache, purges to Varnish, media on an S3 stand-in.

The test starts every part on loopback and passes their addresses in ``SCMS_STACK_*``."""

import os

from tests.settings import *  # noqa: F403

_env = os.environ


def _postgres(port: str) -> dict:
    return {"ENGINE": "django.db.backends.postgresql", "NAME": "scms", "USER": "postgres",
            "HOST": "127.0.0.1", "PORT": port}  # fmt: skip


DATABASES = {
    "default": _postgres(_env["SCMS_STACK_PRIMARY_PORT"]),
    "replica": _postgres(_env["SCMS_STACK_REPLICA_PORT"]),
}
DATABASE_ROUTERS = [
    "supplements_cms.routers.EditorsReadTheirWrites",
    "tests.cluster.routers.PrimaryReplicaRouter",
]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _env["SCMS_STACK_REDIS_URL"],
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "media",
            "endpoint_url": _env["SCMS_STACK_S3_URL"],
            "access_key": "stand-in",
            "secret_key": "stand-in",
            "region_name": "us-east-1",
            # Cached pages must not hold URLs that expire (check E009).
            "querystring_auth": False,
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Nothing may land on the servers' disks: the test checks this folder stays empty.
MEDIA_ROOT = _env["SCMS_STACK_MEDIA_ROOT"]
SUPPLEMENTS_CMS = {
    "SHARED_CACHE": True,
    "CACHE_CHECK_SECONDS": 1,
    "HTTP_S_MAXAGE": 86400,
    "PURGE_BACKEND": "supplements_cms.delivery.purging.HTTPPurge",
    "PURGE_OPTIONS": {"ENDPOINTS": [_env["SCMS_STACK_PURGE_URL"]], "TIMEOUT": 1},
    "PURGE_BASE_URL": _env["SCMS_STACK_VARNISH_URL"],
    "PURGE_RETRIES": 1,
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"supplements_cms": {"handlers": ["console"], "level": "WARNING"}},
}
# Sessions read through the router would come from the lagging replica: an editor who just logged
# in would be sent back to the login page. Signed cookies need no database (docs/deployment.md).
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
