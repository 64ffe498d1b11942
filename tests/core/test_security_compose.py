"""The production stack behind its proxy, read from docker-compose.yml (Docker cannot run here): only
the proxy is published, gunicorn and the app trust forwarded headers from the proxy's address only,
and the database roles have no default passwords."""

from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PROXY_ADDRESS = "172.28.0.10"


def services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_only_the_proxy_is_published_to_the_network():
    published = {name: service["ports"] for name, service in services().items() if service.get("ports")}

    assert set(published) <= {"proxy", "mailpit"}
    assert published["proxy"] == ["80:80", "443:443"]
    assert all(port.startswith("127.0.0.1:") for port in published.get("mailpit", []))
    assert "ports" not in services()["web"]


def test_gunicorn_and_the_app_trust_forwarded_headers_from_the_proxy_only():
    web = services()["web"]
    command = " ".join(web["command"])

    assert "'*'" not in command and "=*" not in command
    assert '--forwarded-allow-ips="$$FORWARDED_ALLOW_IPS"' in command
    assert web["environment"]["FORWARDED_ALLOW_IPS"] == PROXY_ADDRESS
    assert web["environment"]["TRUSTED_PROXIES"] == PROXY_ADDRESS
    assert services()["proxy"]["networks"]["default"]["ipv4_address"] == PROXY_ADDRESS


def test_the_proxy_caps_the_body_as_the_app_does_and_replaces_forwarded_for():
    conf = (ROOT / "docker" / "nginx" / "jeugdcasus.conf").read_text()

    assert f"client_max_body_size {settings.MAX_REQUEST_BODY // (1024 * 1024)}m;" in conf
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "$proxy_add_x_forwarded_for" not in conf


def test_the_app_connects_as_the_app_role_and_migrations_run_as_the_owner():
    text = (ROOT / "docker-compose.yml").read_text()
    for name in ("web", "worker", "beat"):
        assert services()[name]["environment"]["DATABASE_URL"].startswith("postgres://jeugdcasus_app:")
    assert services()["migrate"]["environment"]["DATABASE_URL"].startswith("postgres://jeugdcasus_owner:")
    assert "migrate" not in " ".join(services()["web"]["command"])
    assert services()["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services()["db"]["environment"]["POSTGRES_USER"] == "postgres"
    for variable in ("POSTGRES_PASSWORD", "DB_OWNER_PASSWORD", "DB_APP_PASSWORD"):
        assert "${" + variable + ":?" in text
        assert variable + ":-" not in text


def test_the_database_creates_the_roles_from_the_documented_script_on_first_start():
    db = services()["db"]
    init = (ROOT / "docker" / "postgres-init" / "10-roles.sh").read_text()

    assert "./docs/database-roles.sql:/jeugdcasus/database-roles.sql:ro" in db["volumes"]
    assert "./docker/postgres-init:/docker-entrypoint-initdb.d:ro" in db["volumes"]
    assert "-f /jeugdcasus/database-roles.sql" in init
    assert '-v app_password="$DB_APP_PASSWORD"' in init


def test_the_scale_overlay_keeps_the_app_role_and_publishes_nothing_more():
    scale = yaml.safe_load((ROOT / "docker-compose.scale.yml").read_text())["services"]
    text = (ROOT / "docker-compose.scale.yml").read_text()

    assert "ports" not in scale["web2"]
    assert "=*" not in " ".join(scale["web2"]["command"])
    assert scale["pgbouncer"]["environment"]["DB_USER"] == "jeugdcasus_app"
    assert "postgres://jeugdcasus_app:${DB_APP_PASSWORD:?" in text
    assert (
        "./docker/nginx/upstream-scale.conf:/etc/nginx/jeugdcasus/upstream.conf:ro"
        in scale["proxy"]["volumes"]
    )
    assert "server web2:8000;" in (ROOT / "docker" / "nginx" / "upstream-scale.conf").read_text()


def test_the_image_trusts_forwarded_headers_from_localhost_only_unless_told_otherwise():
    dockerfile = (ROOT / "Dockerfile").read_text()

    instructions = [line for line in dockerfile.splitlines() if not line.lstrip().startswith("#")]

    assert "ENV FORWARDED_ALLOW_IPS=127.0.0.1" in instructions
    assert not any("*" in line for line in instructions if "gunicorn" in line or "FORWARDED" in line)
