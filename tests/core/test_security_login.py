"""Client addresses behind the proxy, a lockout nobody can turn against someone else, a cool-down for
password spraying, a slow-down per username, throttled password reset and Dutch common passwords."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core import audit
from core.clientip import client_ip
from core.middleware import ForwardedHeadersMiddleware
from core.models import AccessLog
from tests.factories import TEST_PASSWORD, UserFactory

PROXY = "172.28.0.10"
LOGIN = "/account/login/"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


def request_from(remote: str, forwarded_for: str | None = None, **extra):
    meta = {"REMOTE_ADDR": remote, **extra}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **meta)


def login(client, username: str, password: str, *, ip: str):
    """A login as the proxy passes it on: from the proxy's address, the client's in X-Forwarded-For."""
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ip
    )


# --- The client's address ------------------------------------------------------------------------


def test_without_trusted_proxies_the_connection_is_the_client_whatever_the_header_says(settings):
    settings.TRUSTED_PROXIES = []

    assert client_ip(request_from("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(behind_proxy):
    assert client_ip(request_from(PROXY, "198.51.100.7")) == "198.51.100.7"


def test_a_forged_left_part_of_the_header_is_not_believed(behind_proxy):
    """nginx appends or replaces; what the client wrote itself stands to the left."""
    assert client_ip(request_from(PROXY, "10.9.9.9, 198.51.100.7")) == "198.51.100.7"


def test_a_chain_of_trusted_proxies_given_as_a_network_is_walked_past(settings):
    settings.TRUSTED_PROXIES = ["172.28.0.0/24"]

    assert client_ip(request_from("172.28.0.10", "198.51.100.7, 172.28.0.20")) == "198.51.100.7"


def test_garbage_in_the_header_falls_back_to_the_proxy(behind_proxy):
    assert client_ip(request_from(PROXY, "not-an-address")) == PROXY


def test_forwarded_headers_from_anyone_else_are_removed(behind_proxy):
    seen = {}

    def view(request):
        seen.update(request.META)
        return None

    direct = request_from("203.0.113.5", "198.51.100.1", HTTP_X_FORWARDED_PROTO="https")
    ForwardedHeadersMiddleware(view)(direct)
    assert "HTTP_X_FORWARDED_PROTO" not in seen and "HTTP_X_FORWARDED_FOR" not in seen

    seen.clear()
    proxied = request_from(PROXY, "198.51.100.1", HTTP_X_FORWARDED_PROTO="https")
    ForwardedHeadersMiddleware(view)(proxied)
    assert seen["HTTP_X_FORWARDED_PROTO"] == "https"


@pytest.mark.django_db
def test_the_access_log_records_the_client_behind_the_proxy(behind_proxy, facilitator, region_utr):
    captured = {}

    def view(request):
        captured["row"] = audit.record(facilitator, AccessLog.Action.VIEW, region_utr)
        return None

    audit.AuditContextMiddleware(view)(request_from(PROXY, "198.51.100.7"))

    assert captured["row"].ip_address == "198.51.100.7"


def test_axes_asks_the_same_function_for_the_address(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.clientip.client_ip"
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


# --- Login throttling ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(
    behind_proxy, client, facilitator, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, facilitator.username, "fout", ip="198.51.100.66")

    assert login(client, facilitator.username, TEST_PASSWORD, ip="198.51.100.66").status_code == 429
    assert login(client, facilitator.username, TEST_PASSWORD, ip="192.0.2.10").status_code == 302


@pytest.mark.django_db
def test_password_spraying_from_one_address_gets_a_cool_down(behind_proxy, client, facilitator, settings):
    settings.LOGIN_FAILURES_PER_IP = 5
    for n in range(5):
        login(client, f"onbekend{n}", "Zomer2026!", ip="198.51.100.66")

    refused = login(client, facilitator.username, TEST_PASSWORD, ip="198.51.100.66")

    assert refused.status_code == 200
    assert "te veel mislukte inlogpogingen" in refused.content.decode()
    assert login(client, facilitator.username, TEST_PASSWORD, ip="192.0.2.10").status_code == 302


@pytest.mark.django_db
def test_many_failures_for_one_username_from_many_addresses_slow_it_down_without_locking_it(
    behind_proxy, client, facilitator, settings
):
    settings.LOGIN_FAILURES_PER_USERNAME = 4
    for n in range(4):
        login(client, facilitator.username, "fout", ip=f"198.51.100.{n + 1}")

    first = login(client, facilitator.username, "nog-steeds-fout", ip="198.51.100.50")
    second = login(client, facilitator.username, TEST_PASSWORD, ip="192.0.2.10")

    assert "Wacht 30 seconden" not in first.content.decode()
    assert second.status_code == 200 and "Wacht 30 seconden" in second.content.decode()


@pytest.mark.django_db
def test_the_real_user_still_gets_in_during_the_slow_down(behind_proxy, client, facilitator, settings):
    settings.LOGIN_FAILURES_PER_USERNAME = 4
    for n in range(4):
        login(client, facilitator.username, "fout", ip=f"198.51.100.{n + 1}")

    assert login(client, facilitator.username, TEST_PASSWORD, ip="192.0.2.10").status_code == 302


# --- Password reset --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_is_limited_per_address(behind_proxy, client, settings):
    settings.PASSWORD_RESETS_PER_IP = 3
    for n in range(3):
        response = client.post(
            "/account/password_reset/",
            {"email": f"x{n}@example.org"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.66",
        )
        assert response.status_code == 302

    refused = client.post(
        "/account/password_reset/",
        {"email": "y@example.org"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.66",
    )
    other = client.post(
        "/account/password_reset/",
        {"email": "y@example.org"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="192.0.2.10",
    )

    assert refused.status_code == 429 and "Te veel verzoeken" in refused.content.decode()
    assert other.status_code == 302


@pytest.mark.django_db
def test_password_reset_mails_one_address_a_few_times_only_and_says_the_same(client, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS = 2
    settings.PASSWORD_RESETS_PER_IP = 100
    user = UserFactory(email="ouder@example.org")

    responses = [client.post("/account/password_reset/", {"email": user.email}) for _ in range(4)]

    assert [r.status_code for r in responses] == [302] * 4
    assert len({r["Location"] for r in responses}) == 1
    assert len(mail.outbox) == 2


# --- Dutch common passwords ------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["wachtwoord123", "Welkom2024!", "voetbal12345678", "01Feyenoord1908!"])
def test_common_dutch_passwords_are_refused_with_a_dutch_message(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)

    assert any("te vaak gebruikt" in message for message in refused.value.messages)


def test_an_uncommon_long_password_passes():
    validate_password("fiets-lantaarn-morgen-7")
