#!/usr/bin/env python3
"""Developer commands; needs only Python 3.11+ and git.

    python3 dev.py demo     set up and run the example site with demo content (SQLite)
    python3 dev.py test     set up and run the whole test suite (lint, docs, every supported Django)
    python3 dev.py test tests/test_x.py -k name
                            the quick path: pytest alone on SQLite (no lint, docs, install check);
                            `test --full ARGS` passes ARGS to every run of the whole suite
    python3 dev.py lint     ruff
    python3 dev.py typecheck   mypy with django-stubs over supplements_cms/
    python3 dev.py docs     build the manual into docs/_build/html
    python3 dev.py install-check   build the sdist and wheel, then follow the README's install
                            steps in a new startproject site on every supported Django
    python3 dev.py screenshots   retake the manual's screenshots from the example site
    python3 dev.py bench    time the pages against a floor view and Wagtail (benchmarks/run.py),
                            the claim checker on a 3,000-word article (benchmarks/claims.py),
                            reading a 100 MB WordPress export (benchmarks/wordpress.py),
                            an article's text at 50 to 400 KB (benchmarks/editor_text.py)
                            and the article form, 50 benefits against 3 (benchmarks/admin_form.py)
    python3 dev.py lexicon  regenerate the claim checker's ICD-10-CM disease names
                            (supplements_cms/content/claims/data/icd10cm.tsv) from simple-icd-10-cm
    python3 dev.py load     the example site under gunicorn, PostgreSQL and Redis, loaded by wrk
                            (benchmarks/load.py; needs SCMS_LOAD_DATABASE_URL, Redis and wrk)
    python3 dev.py validate the example site in production settings through the Nu Html Checker,
                            feedparser and Lighthouse (tests/validators/; needs Java and Node.js)
    python3 dev.py mutate   mutation testing (mutmut) of the editorial rules, visibility and the
                            page cache's viewer rules; slow, run by hand, not in CI

Each command creates what it needs under .venv/ on first use and reuses it afterwards.
The test suite runs once per supported Django version on SQLite; on the first Django version it
also runs on PostgreSQL when SCMS_TEST_DATABASE_URL names a PostgreSQL database, and on MariaDB
when SCMS_TEST_MYSQL_URL names one (mysql://user:password@host:port/name, a user who may create
databases); the validators and the whole-stack cluster test (tests/cluster/test_stack.py) run
once, in the first of those runs. With CI=true a missing PostgreSQL, MariaDB, Chromium, Java,
Node.js, Redis, Varnish or Python 3.12+ is an error rather than a skipped part.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENVS = ROOT / ".venv"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# (name, minimum Python, pip requirement for Django)
MATRIX = [
    ("django5.2", (3, 11), "django>=5.2,<6.0"),
    ("django6", (3, 12), "django>=6.0,<7.0"),
]


def say(message: str) -> None:
    print(f"\n==> {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    command = [str(a) for a in args]
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})})
    if result.returncode:
        sys.exit(f"dev.py: failed ({result.returncode}): {' '.join(command)}")


def find_python(minimum: tuple[int, int]) -> str | None:
    """This interpreter if new enough, else python3.13/3.12 on PATH, else a pyenv install."""
    if sys.version_info[:2] >= minimum:
        return sys.executable
    candidates = [shutil.which(f"python3.{minor}") for minor in (13, 12) if minor >= minimum[1]]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += sorted(glob.glob(str(pyenv / "3.1[2-9]*" / "bin" / "python3")), reverse=True)
    for candidate in filter(None, candidates):
        probe = subprocess.run(
            [candidate, "-c", f"import sys; print(sys.version_info[:2] >= {minimum!r})"],
            capture_output=True,
            text=True,
            env={k: v for k, v in os.environ.items() if k != "PYENV_VERSION"},
        )
        if probe.stdout.strip() == "True":
            return candidate
    return None


def venv(name: str, python: str, extras: str = "", *requirements: str) -> Path:
    """A virtual environment with the package (and ``extras``) installed in editable mode, plus
    ``requirements``.

    Reinstalls only when pyproject.toml or the requirements change.
    """
    path = VENVS / name
    bin_python = path / "bin" / "python"
    stamp = path / ".installed"
    wanted = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + "\n".join([extras, *requirements]).encode()
    ).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted and bin_python.exists():
        return bin_python
    say(f"Setting up .venv/{name} with {python}")
    if not bin_python.exists():
        run(python, "-m", "venv", path)
    run(bin_python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    package = f"{ROOT}[{extras}]" if extras else str(ROOT)
    run(bin_python, "-m", "pip", "install", "--quiet", "-e", package, *requirements)
    stamp.write_text(wanted)
    return bin_python


def demo(args: list[str]) -> None:
    python = venv("demo", sys.executable)
    manage = ROOT / "example_project" / "manage.py"
    run(python, manage, "migrate", "--no-input")
    run(python, manage, "load_demo_content")
    address = args[0] if args else "127.0.0.1:8000"
    say(f"Example site on http://{address}/  (Ctrl+C stops it)")
    run(python, manage, "runserver", address)


def lint(_args: list[str] | None = None) -> None:
    python = venv(MATRIX[0][0], sys.executable, "dev", MATRIX[0][2])
    say("Lint: ruff")
    run(python, "-m", "ruff", "check", ".")
    run(python, "-m", "ruff", "format", "--check", ".")


def typecheck(_args: list[str] | None = None) -> None:
    python = venv(MATRIX[0][0], sys.executable, "dev", MATRIX[0][2])
    say("Type check: mypy (configured in pyproject.toml)")
    run(python, "-m", "mypy")


# What `dev.py mutate` mutates: mutmut's mutant names (module.x_function or module.xǁClassǁmethod),
# all of the editorial core plus the functions of two modules that decide visibility and caching.
MUTATE = (
    "supplements_cms.editorial.*",
    "supplements_cms.models.articles.xǁArticleQuerySetǁpublished__mutmut_*",
    "supplements_cms.models.articles.xǁArticleQuerySetǁvisible_to__mutmut_*",
    "supplements_cms.models.articles.x_can_preview__mutmut_*",
    "supplements_cms.models.articles.xǁArticleǁis_live__mutmut_*",
    "supplements_cms.delivery.caching.x_viewer__mutmut_*",
    "supplements_cms.delivery.caching.x__signed_in_maybe__mutmut_*",
    "supplements_cms.delivery.caching.x__cacheable_query__mutmut_*",
    "supplements_cms.delivery.caching.x_page_key__mutmut_*",
    "supplements_cms.delivery.caching.x__storable__mutmut_*",
)
MUTMUT_REQUIREMENT = "mutmut>=3.8,<4"


def mutate(args: list[str]) -> None:
    """mutmut over ``MUTATE`` (or the mutant names given), with the tests in pyproject.toml's
    ``[tool.mutmut]``; it works in a copy of the tree under mutants/."""
    python = venv("mutate", sys.executable, "test", MATRIX[0][2], MUTMUT_REQUIREMENT)
    say("Mutation testing: mutmut (results: .venv/mutate/bin/mutmut results)")
    names = args or list(MUTATE)
    run(python, "-m", "mutmut", "run", "--max-children", "2", *names)


def docs(_args: list[str] | None = None) -> None:
    python = venv(MATRIX[0][0], sys.executable, "dev", MATRIX[0][2])
    say("Docs: sphinx, warnings are errors")
    run(
        python, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", "docs", "docs/_build/html"
    )


def screenshots(_args: list[str] | None = None) -> None:
    """Run the example site with the demo content on a scratch database and photograph it."""
    import socket
    import tempfile
    import time
    import urllib.request

    python = venv(MATRIX[0][0], sys.executable, "dev", MATRIX[0][2])
    manage = ROOT / "example_project" / "manage.py"
    with tempfile.TemporaryDirectory() as scratch, socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        env = {"EXAMPLE_DATABASE": str(Path(scratch) / "db.sqlite3")}
        run(python, manage, "migrate", "--no-input", "-v0", env=env)
        run(python, manage, "load_demo_content", env=env)
        server = subprocess.Popen(
            [str(python), str(manage), "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env={**os.environ, **env},
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _attempt in range(50):
                try:
                    urllib.request.urlopen(base + "/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            say("Screenshots: docs/images/")
            run(python, ROOT / "docs" / "screenshots.py", base, env=env)
        finally:
            server.terminate()
            server.wait()


# The validators' npm packages, pinned, installed under .venv/node (never committed). Lighthouse 12
# runs on Node.js 18.16 and newer (13 needs 22); vnu-jar carries the Nu Html Checker's jar, which
# runs on the machine's Java (its install script, which would download a Java, is not run).
NODE_PACKAGES = ("lighthouse@12.8.2", "vnu-jar@26.9.27")
MINIMUM_NODE = (18, 16)


def node_tools() -> bool:
    """Install ``NODE_PACKAGES`` into .venv/node (when they changed); False without Node.js."""
    node, npm = shutil.which("node"), shutil.which("npm")
    version = ""
    if node:
        probe = subprocess.run([node, "--version"], capture_output=True, text=True)
        version = probe.stdout.strip()
    numbers = tuple(int(part) for part in version.lstrip("v").split(".")[:2] if part.isdigit())
    if not (npm and numbers >= MINIMUM_NODE):
        found = f"Node.js {version}" if version else "no Node.js"
        message = f"{found}{'' if npm else ', no npm'}: Lighthouse 12 needs Node.js 18.16+ and npm"
        if IN_CI:
            sys.exit(f"dev.py: {message} (see .ci/run).")
        say(f"{message}: the validators that need it are skipped.")
        return False
    path = VENVS / "node"
    stamp = path / ".installed"
    wanted = " ".join(NODE_PACKAGES)
    if stamp.exists() and stamp.read_text() == wanted:
        return True
    say(f"Installing {wanted} into .venv/node")
    path.mkdir(parents=True, exist_ok=True)
    run(
        npm, "install", "--prefix", path, "--no-save", "--no-audit", "--no-fund",
        "--ignore-scripts", "--loglevel=error", *NODE_PACKAGES,
    )  # fmt: skip
    stamp.write_text(wanted)
    return True


def validate(args: list[str]) -> None:
    python = venv(MATRIX[0][0], sys.executable, "dev", MATRIX[0][2])
    node_tools()
    say("Validators: vnu, feedparser, Lighthouse, a phone's width")
    run(python, "-m", "pytest", "-m", "validators", *args)


# The benchmark's own environment: Wagtail for the comparison, gunicorn and redis for the load
# test. None of them is ever a dependency of the package.
BENCH_REQUIREMENTS = ("wagtail>=8.0.1,<9", "gunicorn>=23", "redis>=5")


def bench(args: list[str]) -> None:
    # mysqlclient only when asked for: it needs a client library to build.
    on_mysql = os.environ.get("SCMS_BENCH_DATABASE_URL", "").startswith("mysql")
    extras = "postgres,mysql" if on_mysql else "postgres"
    python = venv("bench", sys.executable, extras, MATRIX[0][2], *BENCH_REQUIREMENTS)
    say("Benchmarks")
    run(python, ROOT / "benchmarks" / "run.py", *args)
    say("Benchmark: the claim checker")
    run(python, ROOT / "benchmarks" / "claims.py", *[a for a in args if a == "--smoke"])
    say("Benchmark: reading a WordPress export")
    run(python, ROOT / "benchmarks" / "wordpress.py", *[a for a in args if a == "--smoke"])
    say("Benchmark: editor text from 50 to 400 KB (render, live preview, save)")
    run(python, ROOT / "benchmarks" / "editor_text.py", *[a for a in args if a == "--smoke"])
    say("Benchmark: the article form, long against short")
    run(python, ROOT / "benchmarks" / "admin_form.py", *[a for a in args if a == "--smoke"])


# The ICD-10-CM release the shipped disease names come from; change it and run `dev.py lexicon`.
LEXICON_REQUIREMENT = "simple-icd-10-cm==1.5.0"


def lexicon(_args: list[str] | None = None) -> None:
    python = venv("lexicon", sys.executable, "", LEXICON_REQUIREMENT)
    say("Claim lexicon: ICD-10-CM disease names")
    run(python, ROOT / "tools" / "disease_lexicon.py")


def load(args: list[str]) -> None:
    python = venv("bench", sys.executable, "postgres", MATRIX[0][2], *BENCH_REQUIREMENTS)
    say("Load test")
    run(python, ROOT / "benchmarks" / "load.py", *args)


def install_check(_args: list[str] | None = None) -> None:
    python = venv(MATRIX[0][0], sys.executable, "dev", MATRIX[0][2])
    run(python, ROOT / ".ci" / "install_check.py")


def quick_test(args: list[str]) -> None:
    """One file, one -k: pytest alone, on SQLite and the first supported Django."""
    name, _minimum, django = MATRIX[0]
    python = venv(name, sys.executable, "dev", django)
    say(f"Tests (quick): {name} on SQLite: {' '.join(args)}")
    run(python, "-m", "pytest", *args, env={"SCMS_TEST_DATABASE_URL": ""})


def test(args: list[str]) -> None:
    if args and args[0] != "--full":
        # python3 dev.py test tests/test_x.py -k name: no lint, docs, install check or matrix.
        quick_test(args)
        return
    args = args[1:] if args else args
    lint()
    typecheck()
    docs()
    node_tools()
    install_check()
    database_url = os.environ.get("SCMS_TEST_DATABASE_URL", "")
    if not database_url:
        if IN_CI:
            sys.exit("dev.py: CI=true but SCMS_TEST_DATABASE_URL is not set (see .ci/run).")
        say("No SCMS_TEST_DATABASE_URL: the PostgreSQL run is left out (SQLite only).")
    mysql_url = os.environ.get("SCMS_TEST_MYSQL_URL", "")
    if not mysql_url:
        if IN_CI:
            sys.exit("dev.py: CI=true but SCMS_TEST_MYSQL_URL is not set (see .ci/run).")
        say("No SCMS_TEST_MYSQL_URL: the MariaDB run is left out.")
    ran = []
    for name, minimum, django in MATRIX:
        python_exe = find_python(minimum)
        if python_exe is None:
            message = f"no Python {minimum[0]}.{minimum[1]}+ found for the {name} run"
            if IN_CI:
                sys.exit(f"dev.py: {message}.")
            say(f"Skipping: {message}.")
            continue
        python = venv(name, python_exe, "dev" if name == MATRIX[0][0] else "test", django)
        # PostgreSQL and MariaDB run on the first Django only: what differs between databases is
        # the SQL, which the Django versions share; the later Django runs on SQLite for its API.
        first = name == MATRIX[0][0]
        databases = [("SQLite", "")] + (
            [("PostgreSQL", database_url)] if database_url and first else []
        )
        for label, url in databases:
            # The validators check the example site on its own database, and the whole-stack
            # cluster test starts its own PostgreSQL servers: once is enough for both.
            only_once = [] if not ran else ["-m", "not validators and not stack"]
            extra = " (with the validators and the whole-stack test)" if not ran else ""
            say(f"Tests: {name} on {label}{extra}")
            run(python, "-m", "pytest", *only_once, *args, env={"SCMS_TEST_DATABASE_URL": url})
            ran.append(f"{name}/{label}")
        if mysql_url and name == MATRIX[0][0]:
            # Once, on one Django: the SQL differs by database, not by Django version. Its own
            # environment holds mysqlclient, which needs libmariadb-dev to build.
            python = venv(f"{name}-mysql", python_exe, "test,mysql", django)
            say(f"Tests: {name} on MariaDB")
            # The browser tests drive the admin's pages, which read the database through the same
            # code as the rest of the suite: they run on SQLite and PostgreSQL, not here.
            only = "not validators and not stack and not browser"
            pytest = [python, "-m", "pytest", "-m", only, *args]
            run(*pytest, env={"SCMS_TEST_DATABASE_URL": mysql_url})
            ran.append(f"{name}/MariaDB")
    # The benchmarks are run by hand; small runs here keep them from rotting.
    bench(["--smoke"])
    if os.environ.get("SCMS_LOAD_DATABASE_URL"):
        load(["--smoke"])
    elif IN_CI:
        sys.exit("dev.py: CI=true but SCMS_LOAD_DATABASE_URL is not set (see .ci/run).")
    else:
        say("No SCMS_LOAD_DATABASE_URL: the load test's smoke run is left out.")
    say(f"All green: {', '.join(ran)}")


COMMANDS = {
    "demo": demo,
    "test": test,
    "lint": lint,
    "typecheck": typecheck,
    "docs": docs,
    "install-check": install_check,
    "screenshots": screenshots,
    "bench": bench,
    "lexicon": lexicon,
    "load": load,
    "validate": validate,
    "mutate": mutate,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
