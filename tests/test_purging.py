"""CDN purges: which URLs a change purges, only after commit, retried and logged on failure;
against a local stand-in for Cloudflare's API and a real Varnish."""

from __future__ import annotations

import io
import json
import logging
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from supplements_cms.delivery import purging
from supplements_cms.delivery.purging import PurgeBackend
from supplements_cms.models import Article, PendingPurge, RelatedPost
from tests.factories import make_article, make_cta, make_supplement
from tests.varnish import require_varnishd, varnish

BASE = "https://www.example.com"


class Recording(PurgeBackend):
    """A backend that keeps what it was asked to purge (the test's own CDN)."""

    calls: list = []

    def purge(self, urls: list[str]) -> None:
        Recording.calls.append(sorted(urls))

    def purge_all(self) -> None:
        Recording.calls.append("everything")


@pytest.fixture
def recording(settings):
    Recording.calls = []
    settings.SUPPLEMENTS_CMS = {
        "PURGE_BACKEND": "tests.test_purging.Recording",
        "PURGE_BASE_URL": BASE,
        "PURGE_LIST_PAGES": 2,
    }
    return Recording.calls


def purged(calls: list) -> set[str]:
    purging.wait()
    return {url for call in calls if call != "everything" for url in call}


@pytest.mark.django_db
def test_an_edit_purges_its_page_and_its_feeds_after_commit(
    recording, django_capture_on_commit_callbacks
):
    article = make_article(title="Edited", conditions=["Cramps"], days_ago=3)
    make_article(title="Other", conditions=["Sleep"], days_ago=2)
    purging.wait()
    recording.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        article.intro = "New words."
        article.save()
        assert purged(recording) == set()  # nothing before the commit
    assert callbacks
    for callback in callbacks:
        callback()
    assert purged(recording) == {
        f"{BASE}/articles/edited/",
        f"{BASE}/articles/feeds/rss/",
        f"{BASE}/articles/feeds/atom/",
        f"{BASE}/articles/conditions/cramps/feeds/rss/",
        f"{BASE}/articles/conditions/cramps/feeds/atom/",
    }


@pytest.mark.django_db
def test_publishing_purges_its_lists_and_the_pages_that_link_to_it(
    recording, django_capture_on_commit_callbacks
):
    supplement = make_supplement()
    make_article(title="Neighbour", conditions=["Cramps"], supplement=supplement)
    picker = make_article(title="Picker", conditions=["Sleep"])
    draft = make_article(title="Draft", conditions=["Cramps"], published=False)
    RelatedPost.objects.create(article=picker, target=draft, position=0)
    purging.wait()
    recording.clear()
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Article.Status.PUBLISHED
        draft.supplement = supplement
        draft.save()
    urls = purged(recording)
    lists = {
        "/articles/",
        "/articles/conditions/cramps/",
        "/articles/supplements/magnesium-glycinate/",
    }
    expected = {
        f"{BASE}/articles/draft/",
        f"{BASE}/articles/neighbour/",
        f"{BASE}/articles/picker/",
    }
    expected |= {f"{BASE}{path}" for path in lists} | {f"{BASE}{path}?page=2" for path in lists}
    expected |= {f"{BASE}/articles/conditions/", f"{BASE}/articles/supplements/"}
    assert expected <= urls
    assert f"{BASE}/articles/conditions/sleep/" not in urls


@pytest.mark.django_db
def test_a_change_shown_everywhere_purges_the_whole_site(
    recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_cta("Default", is_default=True)
    purging.wait()
    assert "everything" in recording


@pytest.mark.django_db
def test_without_a_backend_nothing_is_queued(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(purging, "_submit", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="Quiet")
    assert sent == []


class StandIn(BaseHTTPRequestHandler):
    """Cloudflare's purge endpoint on loopback: fails ``failures`` times, then succeeds."""

    failures = 0
    received: list = []
    answered: list = []  # and with the status of the answer

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        StandIn.received.append((self.path, self.headers["Authorization"], body))
        if StandIn.failures > 0:
            StandIn.failures -= 1
            StandIn.answered.append((self.path, self.headers["Authorization"], body, 500))
            self.send_response(500)
            self.end_headers()
            return
        StandIn.answered.append((self.path, self.headers["Authorization"], body, 200))
        answer = json.dumps({"success": True, "errors": [], "result": {"id": "x"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def cloudflare(settings):
    StandIn.failures, StandIn.received, StandIn.answered = 0, [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SUPPLEMENTS_CMS = {
        "PURGE_BACKEND": "supplements_cms.delivery.purging.CloudflarePurge",
        "PURGE_OPTIONS": {
            "ZONE": "zone123",
            "TOKEN": "secret-token",
            "API": f"http://127.0.0.1:{server.server_port}/client/v4",
            "BATCH": 2,
        },
        "PURGE_BASE_URL": BASE,
        "PURGE_RETRIES": 3,
    }
    yield StandIn
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_cloudflare_gets_the_urls_in_batches_with_the_token(
    cloudflare, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="Fresh", conditions=["Cramps"])
    purging.wait()
    assert cloudflare.received
    files = []
    for path, authorization, body in cloudflare.received:
        assert path == "/client/v4/zones/zone123/purge_cache"
        assert authorization == "Bearer secret-token"
        # A new condition is shown everywhere: that save purges the whole zone.
        assert body == {"purge_everything": True} or 1 <= len(body["files"]) <= 2
        files += body.get("files", [])
    assert f"{BASE}/articles/fresh/" in files
    assert f"{BASE}/articles/" in files


@pytest.mark.django_db
def test_a_failing_purge_is_retried_and_logged(
    cloudflare, caplog, django_capture_on_commit_callbacks
):
    cloudflare.failures = 2
    article = make_article(title="Retried")
    purging.wait()
    cloudflare.received.clear()
    cloudflare.failures = 2
    with caplog.at_level(logging.INFO, logger="supplements_cms.delivery.purging"):
        with django_capture_on_commit_callbacks(execute=True):
            article.intro = "Changed."
            article.save()
        purging.wait()
    # Three URLs in batches of two: the first batch fails twice, then both batches go through.
    assert len(cloudflare.received) == 4
    assert cloudflare.received[0] == cloudflare.received[1] == cloudflare.received[2]
    # The purge's own records (Django 6's tasks log the page rendered after the save too).
    logged = [r.levelname for r in caplog.records if r.name == purging.logger.name]
    assert logged == ["WARNING", "WARNING", "INFO"]


@pytest.mark.django_db(transaction=True)
def test_a_cdn_that_stays_down_never_fails_the_save(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.SUPPLEMENTS_CMS = {
        "PURGE_BACKEND": "supplements_cms.delivery.purging.HTTPPurge",
        "PURGE_OPTIONS": {"ENDPOINTS": ["http://127.0.0.1:9"], "TIMEOUT": 1},
        "PURGE_BASE_URL": BASE,
        "PURGE_RETRIES": 2,
    }
    with caplog.at_level(logging.WARNING, logger="supplements_cms.delivery.purging"):
        with django_capture_on_commit_callbacks(execute=True):
            article = make_article(title="Saved anyway")
        purging.wait()
    assert Article.objects.filter(pk=article.pk).exists()
    assert caplog.records[-1].levelname == "ERROR"
    assert "kept to retry" in caplog.records[-1].getMessage()
    assert PendingPurge.objects.filter(url=f"{BASE}/articles/saved-anyway/").exists()


def kept() -> set[str]:
    return set(PendingPurge.objects.values_list("url", flat=True))


def sent(cloudflare) -> list[str]:
    """The URLs the stand-in accepted, in order ("*" for the whole site)."""
    return [
        url
        for _path, _token, body, status in cloudflare.answered
        if status == 200
        for url in body.get("files", ["*"] if body.get("purge_everything") else [])
    ]


@pytest.mark.django_db(transaction=True)
def test_a_failed_purge_is_kept_and_sent_after_the_next_save(cloudflare, admin_client_):
    from supplements_cms.checks import check_failed_purges

    page = f"{BASE}/articles/lost-once/"
    article = make_article(title="Lost once", conditions=["Cramps"])
    purging.wait()
    before = sent(cloudflare).count(page)
    cloudflare.failures = 3  # every attempt of the edit's purge
    article.intro = "Changed."
    article.save()
    purging.wait()
    assert page in kept()
    assert sent(cloudflare).count(page) == before
    [warning] = check_failed_purges(databases=["default"])
    assert warning.id == "supplements_cms.W008"
    assert "could not be purged" in warning.msg
    assert "HTTP Error 500" in warning.msg
    listing = admin_client_.get("/admin/supplements_cms/article/")
    assert "could not be purged from the CDN" in listing.content.decode()

    waiting = kept()
    make_article(title="Next one")  # the CDN answers again
    purging.wait()
    assert kept() == set()
    assert sent(cloudflare).count(page) == before + 1
    # Sent after the new article's own purge went through.
    assert set(sent(cloudflare)[-len(waiting) :]) == waiting
    assert check_failed_purges(databases=["default"]) == []
    listing = admin_client_.get("/admin/supplements_cms/article/")
    assert "could not be purged" not in listing.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_that_keeps_failing_is_kept_once(cloudflare):
    article = make_article(title="Stubborn")
    purging.wait()
    for words in ("One.", "Two."):
        cloudflare.failures = 3
        article.intro = words
        article.save()
        purging.wait()
    row = PendingPurge.objects.get(url=f"{BASE}/articles/stubborn/")
    assert row.failures == 6
    assert row.failed_at < row.tried_at


@pytest.mark.django_db
def test_the_command_sends_what_was_kept_and_fails_while_the_cdn_does(cloudflare):
    from django.core.management import CommandError, call_command

    error = purging.PurgeError("HTTP 503")
    purging._keep([f"{BASE}/articles/a/", f"{BASE}/articles/b/"], 3, error)
    cloudflare.failures = 1
    with pytest.raises(CommandError, match="0 purge\\(s\\) sent, 2 still failing"):
        call_command("retry_purges")
    assert len(kept()) == 2
    out = io.StringIO()
    call_command("retry_purges", stdout=out)
    assert out.getvalue().strip() == "2 purge(s) sent, none left."
    assert sorted(sent(cloudflare)) == [f"{BASE}/articles/a/", f"{BASE}/articles/b/"]
    assert kept() == set()


@pytest.mark.django_db(databases=["default", "replica"])
def test_the_command_reads_what_was_kept_from_the_primary(cloudflare, settings):
    """With reads on a replica that has not seen the kept purges (tests/routers.py), they are
    still sent, and the command does not report success with purges left."""
    from django.core.management import call_command

    purging._keep([f"{BASE}/articles/a/"], 3, purging.PurgeError("HTTP 503"))
    settings.SCMS_TEST_READ_REPLICA = True
    out = io.StringIO()
    call_command("retry_purges", stdout=out)
    assert out.getvalue().strip() == "1 purge(s) sent, none left."
    assert sent(cloudflare) == [f"{BASE}/articles/a/"]
    settings.SCMS_TEST_READ_REPLICA = False
    assert kept() == set()


@pytest.mark.django_db
def test_a_kept_purge_of_the_whole_site_purges_everything_once(cloudflare):
    error = purging.PurgeError("down")
    purging._keep([f"{BASE}/articles/a/", purging.WHOLE_SITE], 3, error)
    assert purging.retry() == (2, 0)
    assert sent(cloudflare) == ["*"]


def get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("X-Cache", ""), response.read()


@pytest.mark.django_db(transaction=True)
def test_varnish_serves_from_its_cache_until_a_save_purges_the_page(settings, live_server):
    varnishd = require_varnishd()
    make_cta("Default", is_default=True)
    article = make_article(title="Through Varnish", conditions=["Cramps"], days_ago=2)
    other = make_article(title="Untouched", conditions=["Sleep"], days_ago=3)
    host, port = live_server.thread.host, live_server.thread.port
    with varnish(host, port, varnishd) as proxy:
        settings.SUPPLEMENTS_CMS = {
            "PURGE_BACKEND": "supplements_cms.delivery.purging.HTTPPurge",
            "PURGE_OPTIONS": {"ENDPOINTS": [proxy]},
            "PURGE_BASE_URL": proxy,
        }
        page, untouched = proxy + article.get_absolute_url(), proxy + other.get_absolute_url()
        assert get(page)[1] == "MISS"
        assert get(untouched)[1] == "MISS"
        status, cache, content = get(page)
        assert (status, cache) == (200, "HIT")
        assert b"Newly written." not in content

        article.intro = "Newly written."
        article.save()  # autocommit: the purge is queued at once
        purging.wait()

        status, cache, content = get(page)
        assert (status, cache) == (200, "MISS")
        assert b"Newly written." in content
        assert get(untouched)[1] == "HIT"  # a page the save did not touch stays cached

        make_cta("Another", conditions=["Sleep"])  # shown everywhere: the whole site is banned
        purging.wait()
        assert get(untouched)[1] == "MISS"


def test_the_queue_waits_out_a_locked_database_and_logs_other_failures(monkeypatch, caplog):
    from django.db import DatabaseError, OperationalError

    monkeypatch.setattr(purging.time, "sleep", lambda seconds: None)
    calls: list[str] = []

    def locked_twice(url: str) -> None:
        calls.append(url)
        if len(calls) < 3:
            raise OperationalError("database table is locked")

    purging._guarded(locked_twice, "/a/")
    assert calls == ["/a/"] * 3
    assert "could not be read or written" not in caplog.text

    def unreachable(url: str) -> None:
        calls.append(url)
        raise DatabaseError("connection refused")

    calls.clear()
    purging._guarded(unreachable, "/b/")
    assert calls == ["/b/"]  # not a lock: no second try
    assert "could not be read or written" in caplog.text

    def always_locked(url: str) -> None:
        calls.append(url)
        raise OperationalError("database is locked")

    calls.clear()
    purging._guarded(always_locked, "/c/")
    assert len(calls) == purging._LOCKED_RETRIES + 1
