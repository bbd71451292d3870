"""The whole cluster on loopback, each part a process of its own: a PostgreSQL primary and a
streaming replica (``pg_basebackup``, 2 s of apply delay), two gunicorn servers behind Django's
documented primary/replica router (tests/cluster/settings.py), Redis as the shared cache,
Varnish in front of server B, media on an S3 stand-in (moto's server).

An editor works in the admin of server A over HTTP: publishes, edits, renames, uploads an image,
unpublishes and deletes. Each change must show on server B and through Varnish within 3 s, and
nothing stale may stay, also while Redis is down, after it comes back from an older snapshot, and
after a purge endpoint that failed recovers (the check ``W008`` tells meanwhile).

Marker ``stack``: ``dev.py test`` runs it once, in its first run. Every wait has a deadline and
every process is stopped at the end. Without PostgreSQL 15's binaries, Redis, Varnish or the
Python packages (the ``dev`` extra) it is skipped with the reason, and fails in CI.
"""

from __future__ import annotations

import glob
import http.client
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.admin_forms import ADD_URL, errors_of, form_data, form_in
from tests.cluster.test_redis_cache import Redis
from tests.tools import ROOT, missing
from tests.varnish import free_port, varnish, varnishd_path

pytestmark = [pytest.mark.cluster, pytest.mark.stack]

# Debian's PostgreSQL server binaries, the newest installed (SCMS_PG_BIN to choose).
PG_BIN = Path(
    os.environ.get("SCMS_PG_BIN")
    or max(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]), default="")
    or "/usr/lib/postgresql/15/bin"
)
VISIBLE_S = 3.0  # the bound for a change to show on B and through Varnish
APPLY_DELAY = "2s"
PASSWORD = "stack-editor-password"
TIMINGS: dict[str, tuple[float, float]] = {}


def require_tools() -> str:
    """varnishd's path, once every outside tool and Python package the test drives is here."""
    for name in ("initdb", "pg_ctl", "pg_basebackup", "postgres"):
        if not os.access(PG_BIN / name, os.X_OK):
            missing(f"{PG_BIN / name} not found: apt-get install postgresql (or set SCMS_PG_BIN).")
    if shutil.which("redis-server") is None:
        missing("redis-server not found: apt-get install redis-server.")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        missing("PostgreSQL cannot run as root and runuser is not found.")
    for module in ("gunicorn", "moto", "storages", "boto3", "requests", "redis", "PIL"):
        if importlib.util.find_spec(module) is None:
            missing(f"{module} is not installed: the test runs in the `dev` extra's environment.")
    varnishd = varnishd_path()
    if varnishd is None:
        missing("varnishd not found: apt-get install varnish, or point SCMS_VARNISHD at it.")
    return varnishd


def until(what: str, seconds: float, ready: Callable[[], object]) -> float:
    """Poll ``ready`` until it returns True; the seconds it took, or a failure naming ``what``
    with its last answer."""
    start = time.monotonic()
    while True:
        last = ready()
        if last is True:
            return time.monotonic() - start
        if time.monotonic() - start > seconds:
            pytest.fail(f"{what}: not within {seconds} s (last: {last!r})")
        time.sleep(0.05)


def wait_for_port(port: int, seconds: float, process: subprocess.Popen, log: Path) -> None:
    import socket

    def listening() -> bool:
        if process.poll() is not None:
            pytest.fail(f"{process.args[:3]} exited: {log.read_text(errors='replace')[-3000:]}")
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0 or "closed"

    until(f"{process.args[:3]} listening on {port}", seconds, listening)


class Postgres:
    """A throwaway cluster in ``folder``, run as the ``postgres`` user when we are root."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port

    @staticmethod
    def run(*command: str | Path, timeout: float = 60) -> None:
        command = [str(part) for part in command]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if result.returncode:
            pytest.fail(f"{' '.join(command)}: {result.stdout[-1500:]}{result.stderr[-1500:]}")

    def configure(self, **settings: str) -> None:
        # postgresql.auto.conf is read last: its lines win over the copied postgresql.conf.
        lines = "".join(f"{name} = '{value}'\n" for name, value in settings.items())
        self.run("sh", "-c", f'printf %s "$0" >> {self.folder}/postgresql.auto.conf', lines)

    def start(self) -> None:
        self.run(PG_BIN / "pg_ctl", "-D", self.folder, "-l", self.folder / "server.log",
                 "-w", "-t", "30", "start")  # fmt: skip

    def stop(self) -> None:
        if (self.folder / "postmaster.pid").exists():
            self.run(PG_BIN / "pg_ctl", "-D", self.folder, "-m", "immediate", "-w", "-t", "20",
                     "stop", timeout=30)  # fmt: skip

    def query(self, sql: str, database: str = "scms"):
        import psycopg

        url = f"postgresql://postgres@127.0.0.1:{self.port}/{database}"
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchone() if cursor.description else None


class PurgeEndpoint:
    """Varnish's purge endpoint as the app servers see it, with a switch that makes it fail
    (``503``), like a CDN's API that is down."""

    def __init__(self, varnish_url: str) -> None:
        self.varnish = urlsplit(varnish_url)
        self.failing = False
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def forward(self) -> None:
                if endpoint.failing:
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                connection = http.client.HTTPConnection(
                    endpoint.varnish.hostname, endpoint.varnish.port, timeout=5
                )
                try:
                    connection.request(self.command, self.path, headers=dict(self.headers))
                    answer = connection.getresponse()
                    answer.read()
                finally:
                    connection.close()
                self.send_response(answer.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PURGE = do_BAN = forward

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Editor:
    """An editor in server A's admin over HTTP: a session with its CSRF token."""

    def __init__(self, base: str) -> None:
        import requests

        self.base, self.session = base, requests.Session()
        login = self.base + "/admin/login/"
        self.session.get(login, timeout=60)
        response = self.post(login, {"username": "editor", "password": PASSWORD, "next": "/admin/"})
        assert response.status_code == 302, errors_of(response)

    def post(self, url: str, data: dict, files: dict | None = None):
        data = {**data, "csrfmiddlewaretoken": self.session.cookies["csrftoken"]}
        return self.session.post(url, data=data, files=files, allow_redirects=False, timeout=30)

    def form(self, pk: int) -> dict:
        """The change form's data as a browser sends it unchanged."""
        url = f"{self.base}/admin/supplements_cms/article/{pk}/change/"
        response = self.session.get(url, timeout=30)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        return form_in(response.content)

    def add(self, **fields) -> int:
        response = self.post(self.base + ADD_URL, {**form_data(**fields), "_continue": "1"})
        assert response.status_code == 302, errors_of(response)
        location = response.headers["Location"]
        found = re.search(r"/(\d+)/change/", location)
        assert found, location
        return int(found[1])

    def change(self, pk: int, files: dict | None = None, **fields) -> None:
        url = f"{self.base}/admin/supplements_cms/article/{pk}/change/"
        response = self.post(url, {**self.form(pk), **fields, "_save": "1"}, files)
        assert response.status_code == 302, f"{response.status_code}: {errors_of(response)}"

    def delete(self, pk: int) -> None:
        url = f"{self.base}/admin/supplements_cms/article/{pk}/delete/"
        response = self.post(url, {"post": "yes"})
        assert response.status_code == 302, f"{response.status_code}: {errors_of(response)}"


def page(url: str) -> tuple[int, str]:
    import requests

    response = requests.get(url, timeout=30, allow_redirects=False)
    return response.status_code, response.text


def showing(*urls: str, has: str = "", lacks: tuple[str, ...] = (), status: int = 200):
    """A poll: every URL answers ``status`` with ``has`` and none of ``lacks`` in it."""

    def ready() -> bool | list:
        answers = [(url, *page(url)) for url in urls]
        wrong = [
            (url, code)
            for url, code, text in answers
            if code != status or has not in text or any(old in text for old in lacks)
        ]
        return wrong or True

    return ready


def visible(change: str, on_b: list[str], through_varnish: list[str], **expect) -> None:
    """The change shows on server B and through Varnish within VISIBLE_S, and stays shown."""
    took_b = until(f"{change} on server B", VISIBLE_S, showing(*on_b, **expect))
    took_v = until(f"{change} through Varnish", VISIBLE_S, showing(*through_varnish, **expect))
    TIMINGS[change] = (took_b, took_b + took_v)
    assert showing(*on_b, *through_varnish, **expect)() is True, f"{change}: stale again"


def test_edits_on_server_a_show_on_server_b_and_through_varnish(tmp_path):
    varnishd = require_tools()
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="scms-stack-"))
    os.chmod(folder, 0o755)  # the postgres user works in it
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, folder, True)
        primary = Postgres(folder / "primary", free_port())
        replica = Postgres(folder / "replica", free_port())
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        Postgres.run(PG_BIN / "initdb", "-D", primary.folder, "-U", "postgres", "--auth=trust",
                     "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        fast = {"fsync": "off", "full_page_writes": "off", "synchronous_commit": "off"}
        primary.configure(port=str(primary.port), listen_addresses="127.0.0.1",
                          unix_socket_directories=str(primary.folder), **fast)  # fmt: skip
        stack.callback(primary.stop)
        primary.start()
        primary.query("CREATE DATABASE scms", database="postgres")

        media = tmp_path / "media"
        media.mkdir()
        redis = Redis(tmp_path)
        redis.start()
        stack.callback(redis.stop)
        s3_port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.cluster.settings",
            "PYTHONPATH": str(ROOT),
            "SCMS_STACK_PRIMARY_PORT": str(primary.port),
            "SCMS_STACK_REPLICA_PORT": str(replica.port),
            "SCMS_STACK_REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
            "SCMS_STACK_S3_URL": f"http://127.0.0.1:{s3_port}",
            "SCMS_STACK_MEDIA_ROOT": str(media),
        }
        processes: list[subprocess.Popen] = []

        def stop_all() -> None:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

        stack.callback(stop_all)

        def show_logs() -> None:  # shown by pytest when the test fails
            for log in sorted(tmp_path.glob("*.log")):
                print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")

        stack.callback(show_logs)

        def spawn(name: str, *command: str, port: int) -> None:
            log = tmp_path / f"{name}.log"
            with log.open("wb") as output:
                process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output,
                                           stderr=subprocess.STDOUT)  # fmt: skip
            processes.append(process)
            wait_for_port(port, 60, process, log)

        def manage(*args: str, check: bool = True) -> subprocess.CompletedProcess:
            result = subprocess.run([sys.executable, "-m", "django", *args], cwd=ROOT, env=env,
                                    capture_output=True, text=True, timeout=120)  # fmt: skip
            if check and result.returncode:
                pytest.fail(f"manage.py {' '.join(args)}: {result.stderr[-3000:]}")
            return result

        spawn("s3", sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port),
              port=s3_port)  # fmt: skip
        import boto3

        s3 = boto3.client(
            "s3",
            endpoint_url=env["SCMS_STACK_S3_URL"],
            region_name="us-east-1",
            aws_access_key_id="stand-in",
            aws_secret_access_key="stand-in",
        )
        s3.create_bucket(Bucket="media")
        # Anyone may read the media, as docs/deployment.md asks: the pages name unsigned URLs.
        public_read = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": "arn:aws:s3:::media/*"}  # fmt: skip
        s3.put_bucket_policy(Bucket="media", Policy=json.dumps({"Statement": [public_read]}))

        # Varnish in front of server B; the app servers purge it through the switchable endpoint.
        port_a, port_b = free_port(), free_port()
        varnish_url = stack.enter_context(varnish("127.0.0.1", port_b, varnishd))
        endpoint = PurgeEndpoint(varnish_url)
        stack.callback(endpoint.close)
        env["SCMS_STACK_VARNISH_URL"] = varnish_url
        env["SCMS_STACK_PURGE_URL"] = endpoint.url

        manage("migrate", "--no-input", "-v0")
        env["DJANGO_SUPERUSER_PASSWORD"] = PASSWORD
        manage("createsuperuser", "--no-input", "--username", "editor", "--email", "e@example.org")

        # The replica: a base backup of the primary, streaming, applying 2 s behind.
        Postgres.run(PG_BIN / "pg_basebackup", "-D", replica.folder, "-h", "127.0.0.1",
                     "-p", str(primary.port), "-U", "postgres", "-X", "stream", "-R",
                     "--checkpoint=fast", "--no-sync")  # fmt: skip
        replica.configure(port=str(replica.port), unix_socket_directories=str(replica.folder),
                          recovery_min_apply_delay=APPLY_DELAY, hot_standby="on")  # fmt: skip
        stack.callback(replica.stop)
        replica.start()
        assert replica.query("SELECT pg_is_in_recovery()") == (True,)

        gunicorn = [sys.executable, "-m", "gunicorn", "tests.cluster.wsgi:application",
                    "--workers", "2", "--timeout", "30", "--graceful-timeout", "3"]  # fmt: skip
        spawn("server-a", *gunicorn, "--bind", f"127.0.0.1:{port_a}", port=port_a)
        spawn("server-b", *gunicorn, "--bind", f"127.0.0.1:{port_b}", port=port_b)
        a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        for server in (a, b):  # each worker's first request loads the site: not a change's time
            until(f"{server} warm", 60, lambda s=server: page(s + "/articles/")[0] == 200)
        setup_s = time.monotonic() - started

        editor = Editor(a)
        lists = ["/articles/", "/articles/conditions/cramps/"]
        for _ in range(2):  # the list, cached by Varnish before the change: only a purge updates it
            assert page(varnish_url + "/articles/")[0] == 200

        def everywhere(*paths: str) -> dict:
            return {
                "on_b": [b + path for path in paths],
                "through_varnish": [varnish_url + path for path in paths],
            }

        # Publish two articles.
        first = editor.add(title="Stack magnesium one", slug="stack-magnesium", status="published",
                           new_conditions="Cramps")  # fmt: skip
        visible("publish", **everywhere("/articles/stack-magnesium/", *lists),
                has="Stack magnesium one")  # fmt: skip
        second = editor.add(title="Stack zinc", slug="stack-zinc", status="published",
                            new_conditions="Cramps")  # fmt: skip
        visible("publish another", **everywhere("/articles/stack-zinc/", *lists), has="Stack zinc")
        redis.client().save()  # the older snapshot: the first title's pages
        shutil.copy(redis.folder / "dump.rdb", redis.folder / "older.rdb")

        editor.change(first, title="Stack magnesium two")
        visible("edit", **everywhere("/articles/stack-magnesium/", *lists),
                has="Stack magnesium two", lacks=("Stack magnesium one",))  # fmt: skip

        # Redis stops: readers get 200s, the editor's save goes through and shows.
        redis.stop()
        readers = everywhere("/articles/stack-magnesium/", *lists)
        assert showing(*readers["on_b"], *readers["through_varnish"],
                       has="Stack magnesium two")() is True  # fmt: skip
        editor.change(first, title="Stack magnesium three")
        visible("edit, Redis down", **everywhere("/articles/stack-magnesium/", *lists),
                has="Stack magnesium three", lacks=("Stack magnesium two",))  # fmt: skip

        # Redis comes back from the snapshot taken before both edits: nothing stale.
        shutil.copy(redis.folder / "older.rdb", redis.folder / "dump.rdb")
        redis.start()
        time.sleep(1.1)  # CACHE_CHECK_SECONDS
        for _ in range(3):
            assert (
                showing(
                    *everywhere("/articles/stack-magnesium/", *lists)["on_b"],
                    has="Stack magnesium three",
                    lacks=("Stack magnesium one", "Stack magnesium two"),
                )()
                is True
            )
        assert redis.client().dbsize() > 0  # the snapshot was loaded

        # Rename: the page moves; the old address no longer shows it.
        editor.change(first, slug="stack-magnesium-renamed")
        visible(
            "rename",
            **everywhere("/articles/stack-magnesium-renamed/", *lists),
            has="/articles/stack-magnesium-renamed/",
            lacks=('"/articles/stack-magnesium/"',),
        )
        for url in (b, varnish_url):
            code, text = page(url + "/articles/stack-magnesium/")
            assert code in (301, 404), (url, code)
            assert "Stack magnesium three" not in text, url

        # An image, uploaded through server A to the S3 stand-in.
        from PIL import Image

        png = io.BytesIO()
        Image.new("RGB", (1200, 800), (40, 120, 90)).save(png, "PNG")
        editor.change(first, files={"image": ("capsules.png", png.getvalue(), "image/png")},
                      image_alt="Green capsules")  # fmt: skip
        uploaded = time.monotonic()
        s3_media = f"{env['SCMS_STACK_S3_URL']}/media/"
        visible("image", **everywhere("/articles/stack-magnesium-renamed/"), has=s3_media)
        src = re.search(r'<img src="([^"]+)"', page(b + "/articles/stack-magnesium-renamed/")[1])
        assert src, "no <img> on the page"
        assert src[1].startswith(s3_media), src[1]
        assert page(src[1])[0] == 200
        # The renditions, made on server A after the save's commit, reach the page by a purge.
        renditions = everywhere("/articles/stack-magnesium-renamed/")
        with_renditions = showing(
            *renditions["on_b"], *renditions["through_varnish"], has='type="image/webp"'
        )
        until("the renditions on server B and through Varnish", 20, with_renditions)
        since_save = time.monotonic() - uploaded
        TIMINGS["renditions (from the save)"] = (since_save, since_save)

        # The purge endpoint fails: Varnish keeps the old page, W008 tells; then it recovers.
        endpoint.failing = True
        editor.change(first, title="Stack magnesium four")

        def told() -> bool | str:
            result = manage("check", "--database", "default")
            return "supplements_cms.W008" in result.stderr or result.stderr[-500:] or "no issue"

        until("the check W008, while purges fail", 20, told)
        renamed = "/articles/stack-magnesium-renamed/"
        until("the edit on server B", VISIBLE_S, showing(b + renamed, has="Stack magnesium four"))
        assert "Stack magnesium three" in page(varnish_url + renamed)[1]  # stale, as expected
        endpoint.failing = False
        retry = manage("retry_purges", check=False)
        assert retry.returncode == 0, retry.stderr
        visible("purge recovered", **everywhere(renamed, *lists), has="Stack magnesium four",
                lacks=("Stack magnesium three",))  # fmt: skip
        assert "W008" not in manage("check", "--database", "default").stderr
        assert primary.query("SELECT count(*) FROM supplements_cms_pendingpurge") == (0,)

        # Unpublish the first, delete the second.
        editor.change(first, status="draft")
        visible("unpublish", **everywhere(renamed), status=404)
        visible("unpublish (lists)", **everywhere(*lists), lacks=("Stack magnesium four",))
        editor.delete(second)
        visible("delete", **everywhere("/articles/stack-zinc/"), status=404)
        visible("delete (list)", **everywhere("/articles/"), lacks=("Stack zinc",))
        # Its condition has no published article left: gone too.
        visible("delete (condition)", **everywhere("/articles/conditions/cramps/"), status=404)

        assert list(media.rglob("*")) == []  # nothing on the servers' disks
        for name in ("server-a", "server-b"):
            log = (tmp_path / f"{name}.log").read_text(errors="replace")
            assert "Traceback" not in log, log[-3000:]
    total_s = time.monotonic() - started
    print(f"\nstack test: set-up {setup_s:.1f} s, total {total_s:.1f} s")
    for change, (on_b, via_varnish) in TIMINGS.items():
        print(f"  {change:20} on B {on_b:.2f} s, through Varnish {via_varnish:.2f} s")
