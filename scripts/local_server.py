"""Serving the app on this machine for a check from outside.

``make check-deploy`` (``scripts.check_deploy``), ``make screenshots`` (``scripts.screenshots``) and
``make bench`` (``benchmarks.pages``) each run ``manage.py`` in a scratch environment and then start a real
server (gunicorn, or Django's runserver) on a free port of 127.0.0.1, waiting until it answers. This module
is the one place that knows how: which of the caller's settings a scratch environment leaves out, how the
server is started, how long it may take to come up and what is shown when it does not.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
START_TIMEOUT = 60  # seconds; gunicorn's workers import the whole project first

# The caller's own project settings; a scratch environment sets what it needs itself.
OWN_SETTINGS = ("DJANGO_", "DEBUG", "DATABASE_URL", "CELERY_BROKER_URL")


def scratch_env(scratch: Path, **settings: str) -> dict[str, str]:
    """This process's environment without the project settings in ``OWN_SETTINGS``, with a fresh
    ``SECRET_KEY``, a SQLite database and private media in the folder ``scratch`` and no Celery broker
    (tasks run in-process), then ``settings`` on top (e.g. ``DEBUG="0"``, another ``DATABASE_URL``)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(OWN_SETTINGS)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{scratch / 'db.sqlite3'}",
        PRIVATE_MEDIA_ROOT=str(scratch / "private"),
    )
    env.update(settings)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    """Run ``manage.py`` with ``args`` in ``env`` and return what it printed; on failure, stop the
    script with its output."""
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        sys.exit(
            f"manage.py {' '.join(args)} failed (exit {result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(env: dict[str, str], log: Path, *, gunicorn: Sequence[str] | None = None) -> Iterator[str]:
    """Serve the app with ``env`` on a free port of 127.0.0.1 and yield its base URL once it answers
    ``/health/live``; stop it on leaving. ``gunicorn`` given (its extra options, possibly none): gunicorn
    with two sync workers, as in production; else Django's runserver. The server's output goes to
    ``log``; if it exits or does not answer within ``START_TIMEOUT`` seconds, the script stops with
    the end of that log."""
    port = free_port()
    if gunicorn is None:
        command = [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    else:
        command = [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", "2", *gunicorn]
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            _wait_until_up(base, server, log)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    """Any HTTP answer counts (a production build may refuse the bare host with 400)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"The server exited at start (exit {server.returncode}):\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{base}/health/live", timeout=2):  # noqa: S310 (our own local server)
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"The server did not answer at {base} within {START_TIMEOUT} s:\n{log.read_text()[-4000:]}")
