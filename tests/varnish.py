"""Debian's Varnish for the tests and the load test: ``varnishd`` (``SCMS_VARNISHD``, default
``/usr/sbin/varnishd``) on a loopback port, in front of a given backend, with the manual's VCL
(``docs/varnish.vcl``). Without it the tests that need it are skipped on a developer's machine
and fail in CI, as the browser tests do."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

VCL = Path(__file__).resolve().parents[1] / "docs" / "varnish.vcl"


def varnishd_path() -> str | None:
    configured = os.environ.get("SCMS_VARNISHD", "").strip() or "/usr/sbin/varnishd"
    if os.sep not in configured:
        return shutil.which(configured)
    path = Path(configured)
    return str(path) if path.is_file() and os.access(path, os.X_OK) else None


def require_varnishd() -> str:
    """For tests: the path of varnishd, or a skip (a failure in CI) that says how to get it."""
    import pytest

    path = varnishd_path()
    if path is None:
        message = "varnishd not found: apt-get install varnish, or point SCMS_VARNISHD at varnishd."
        if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}:
            pytest.fail(f"{message} CI is set, so the Varnish tests fail instead of skipping.")
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def varnish(
    backend_host: str, backend_port: int, varnishd: str, port: int | None = None
) -> Iterator[str]:
    """Run Varnish in front of the backend (on ``port``, else a free one); yield its URL."""
    with tempfile.TemporaryDirectory(prefix="scms-varnish-") as tmp:
        os.chmod(tmp, 0o755)  # varnishd's unprivileged child reads its working folder
        vcl = Path(tmp, "site.vcl")
        text = re.sub(r'\.host = "[^"]*";', f'.host = "{backend_host}";', VCL.read_text(), count=1)
        text = re.sub(r'\.port = "[^"]*";', f'.port = "{backend_port}";', text, count=1)
        vcl.write_text(text)
        os.chmod(vcl, 0o644)
        port = port or free_port()
        command = [
            varnishd, "-F", "-a", f"127.0.0.1:{port}", "-f", str(vcl), "-n", str(Path(tmp, "n")),
            "-s", "malloc,64m", "-T", "none", "-p", "default_grace=0",
        ]  # fmt: skip
        log = Path(tmp, "varnishd.log")
        with log.open("wb") as output:
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    output = log.read_text(errors="replace")
                    raise RuntimeError(f"varnishd exited: {output[-2000:]}")
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.1)
            else:
                raise RuntimeError("varnishd did not listen within 20 s")
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
