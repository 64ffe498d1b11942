"""The production build, tried from outside: ``make check-deploy`` (run by ``.ci/run``).

Runs every step of the Dockerfile and the compose ``web`` command that can run without a Docker
daemon, with ``DEBUG`` off and production-like settings, in scratch folders:

1. ``collectstatic`` with whitenoise's manifest storage (fails on a missing referenced file);
2. ``check --deploy --fail-level WARNING`` (0 issues, nothing silenced);
3. ``migrate`` on a scratch database (the compose ``web`` command runs it on start);
4. gunicorn with ``DEBUG=0`` serving the login page, a hashed static file and the health endpoints.

Exits non-zero with the failing step's output on any failure.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "deploy-check.example.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": f"https://{HOST}",
            "STATIC_ROOT": str(scratch / "static"),
            "PRIVATE_MEDIA_ROOT": str(scratch / "private"),
            "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
            "LOG_FORMAT": "json",
            # The script plays the proxy in front of gunicorn (X-Forwarded-Proto: https).
            "TRUSTED_PROXIES": "127.0.0.1",
        }
    )
    # The scratch database is SQLite: the check is about the build, not the database server.
    env.pop("CELERY_BROKER_URL", None)
    return env


def step(title: str, command: list[str], env: dict[str, str]) -> str:
    print(f"== {title}", flush=True)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n")
        raise SystemExit(f"check-deploy: '{title}' failed (exit {result.returncode})")
    return result.stdout


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def fetch(url: str) -> tuple[int, bytes, dict[str, str]]:
    """GET ``url`` as the proxy in front of gunicorn would pass it on (host, HTTPS); no redirects."""
    request = urllib.request.Request(url, headers={"Host": HOST, "X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit("check-deploy: gunicorn exited at start")
        try:
            fetch(base + "/health/live")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("check-deploy: gunicorn did not answer within 20 s")


def serve_and_fetch(env: dict[str, str], scratch: Path) -> None:
    print("== gunicorn with DEBUG=0", flush=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (scratch / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--forwarded-allow-ips",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(base, server)
        status, body, _ = fetch(base + "/account/login/")
        assert status == 200, f"login page: HTTP {status}"
        assert b'name="username"' in body, "login page has no username field"
        manifest = json.loads((scratch / "static" / "staticfiles.json").read_text())
        hashed = manifest["paths"]["vendor/bootstrap/bootstrap.min.css"]
        status, body, headers = fetch(f"{base}/static/{hashed}")
        assert status == 200, f"static file: HTTP {status}"
        assert body.startswith(b"@charset"), "static file has unexpected content"
        assert "max-age=315360000" in headers.get("Cache-Control", ""), "hashed static file is not cached"
        status, _, _ = fetch(base + "/health/live")
        assert status == 200, f"/health/live: HTTP {status}"
        status, body, _ = fetch(base + "/health/ready")
        assert status == 200, f"/health/ready: HTTP {status} {body[:200]!r}"
        status, _, headers = fetch(base + "/casussen/")
        assert status == 302 and "/account/login/" in headers.get("Location", ""), "pages need a login"
        print("   login page, a hashed static file, health endpoints: ok", flush=True)
    except AssertionError as failure:
        log.flush()
        print((scratch / "gunicorn.log").read_text()[-4000:])
        raise SystemExit(f"check-deploy: {failure}") from failure
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="check-deploy-"))
    try:
        env = production_env(scratch)
        manage = [PYTHON, "manage.py"]
        out = step("collectstatic (DEBUG=0, manifest storage)", [*manage, "collectstatic", "--noinput"], env)
        print("   " + out.strip().splitlines()[-1], flush=True)
        out = step("check --deploy (DEBUG=0)", [*manage, "check", "--deploy", "--fail-level", "WARNING"], env)
        if "System check identified no issues (0 silenced)." not in out:
            raise SystemExit(f"check-deploy: check --deploy said:\n{out}")
        print("   " + out.strip(), flush=True)
        step("migrate (scratch database)", [*manage, "migrate", "--noinput"], env)
        serve_and_fetch(env, scratch)
        print("check-deploy: the production build works", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
