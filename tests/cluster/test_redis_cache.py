"""A real Redis as the shared cache, stopped mid-run and brought back from an older snapshot:
readers get pages and editors save while it is down, and nothing stale is served after.

Part of the cluster test (``-m cluster``); Redis runs on a loopback port of its own, in a
temporary folder, and is stopped at the end."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.factories import make_article, make_cta, make_supplement

pytestmark = [pytest.mark.cluster, pytest.mark.django_db]

PAGES = ["/articles/", "/articles/conditions/cramps/", "/articles/feeds/rss/"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redis:
    """One redis-server on loopback; its snapshot file is ``dump.rdb`` in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port, self.process = folder, free_port(), None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server not found: apt-get install redis-server")
        options = {"port": self.port, "bind": "127.0.0.1", "dir": self.folder, "save": ""}
        command = [binary, "--appendonly", "no"]
        for name, value in options.items():
            command += [f"--{name}", str(value)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                self.client().ping()
                return
            except Exception:  # redis.ConnectionError: not listening yet
                time.sleep(0.05)
        pytest.fail("redis-server did not answer within 10 s")

    def client(self):
        import redis

        return redis.Redis(port=self.port, socket_timeout=1)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def redis_cache(settings, tmp_path):
    server = Redis(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.SUPPLEMENTS_CMS = {"SHARED_CACHE": True, "CACHE_CHECK_SECONDS": 1}
    try:
        yield server
    finally:
        server.stop()


def retitle(article, title: str, commit) -> None:
    with commit(execute=True):
        article.title = title
        article.save()


def test_redis_stopped_then_restored_from_an_older_snapshot(
    client, redis_cache, caplog, django_capture_on_commit_callbacks, django_assert_num_queries
):
    make_cta("Default", is_default=True)
    article = make_article(title="First title", conditions=["Cramps"], supplement=make_supplement())
    pages = [article.get_absolute_url(), *PAGES]
    for url in pages:
        assert b"First title" in client.get(url).content
    with django_assert_num_queries(0):  # served by Redis
        client.get(pages[0])
    redis_cache.client().save()
    shutil.copy(redis_cache.folder / "dump.rdb", redis_cache.folder / "older.rdb")

    retitle(article, "Second title", django_capture_on_commit_callbacks)
    for url in pages:
        assert b"Second title" in client.get(url).content, url

    redis_cache.stop()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Second title" in response.content, url
    retitle(article, "Third title", django_capture_on_commit_callbacks)  # saves succeed
    for url in pages:
        assert b"Third title" in client.get(url).content, url
    assert "The cache failed" in caplog.text

    # Back from the snapshot taken before both edits: it holds the first title's pages.
    shutil.copy(redis_cache.folder / "older.rdb", redis_cache.folder / "dump.rdb")
    redis_cache.start()
    time.sleep(1.1)  # CACHE_CHECK_SECONDS
    for url in pages:
        content = client.get(url).content
        assert b"Third title" in content, url
        assert b"First title" not in content, url
