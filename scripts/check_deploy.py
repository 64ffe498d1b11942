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
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from scripts.local_server import manage, scratch_env, serving

HOST = "deploy-check.example.org"


def production_env(scratch: Path) -> dict[str, str]:
    return scratch_env(
        scratch,
        DEBUG="0",
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"https://{HOST}",
        STATIC_ROOT=str(scratch / "static"),
        LOG_FORMAT="json",
        # The script plays the proxy in front of gunicorn (X-Forwarded-Proto: https).
        TRUSTED_PROXIES="127.0.0.1",
    )


def step(title: str, env: dict[str, str], *args: str) -> str:
    print(f"== {title}", flush=True)
    return manage(env, *args)


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


def serve_and_fetch(env: dict[str, str], scratch: Path) -> None:
    print("== gunicorn with DEBUG=0", flush=True)
    log = scratch / "gunicorn.log"
    with serving(env, log, gunicorn=["--forwarded-allow-ips", "127.0.0.1"]) as base:
        try:
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
        except AssertionError as failure:
            print(log.read_text()[-4000:])
            raise SystemExit(f"check-deploy: {failure}") from failure
    print("   login page, a hashed static file, health endpoints: ok", flush=True)


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="check-deploy-"))
    try:
        env = production_env(scratch)
        out = step("collectstatic (DEBUG=0, manifest storage)", env, "collectstatic", "--noinput")
        print("   " + out.strip().splitlines()[-1], flush=True)
        out = step("check --deploy (DEBUG=0)", env, "check", "--deploy", "--fail-level", "WARNING")
        if "System check identified no issues (0 silenced)." not in out:
            raise SystemExit(f"check-deploy: check --deploy said:\n{out}")
        print("   " + out.strip(), flush=True)
        step("migrate (scratch database)", env, "migrate", "--noinput")
        serve_and_fetch(env, scratch)
        print("check-deploy: the production build works", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
