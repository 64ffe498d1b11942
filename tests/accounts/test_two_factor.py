"""Two-factor login: with REQUIRE_2FA on, a password-only session reaches nothing but the 2FA pages."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from core.models import AccessLog
from tests.accounts.codes import code_for
from tests.cases.factories import CaseFactory

VERIFY = "/account/2fa/verificatie/"
SETUP = "/account/2fa/instellen/"

ROLE_FIXTURES = [
    "facilitator",
    "coordinator",
    "provider_user",
    "committee_member",
    "municipal_user",
    "learner",
    "admin_user",
]


def _secret_on(response) -> bytes:
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', response.content.decode()).group(1)
    return b32decode(secret.replace(" ", ""))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLE_FIXTURES)
def test_a_password_only_session_of_every_role_is_sent_to_the_2fa_pages(request, client, require_2fa, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=/"
    assert client.get(response["Location"])["Location"] == f"{SETUP}?next=/"


@pytest.mark.django_db
def test_a_password_only_session_cannot_open_a_case_or_the_admin(
    client, require_2fa, facilitator, admin_user
):
    case = CaseFactory(facilitator=facilitator)
    client.force_login(facilitator)
    case_url = reverse("cases:detail", args=[case.reference])
    assert client.get(case_url)["Location"].startswith(VERIFY)
    assert client.post(reverse("cases:change_status", args=[case.reference]))["Location"].startswith(VERIFY)

    client.force_login(admin_user)
    assert client.get("/beheer/admin/").status_code == 302
    assert client.get("/beheer/admin/")["Location"].startswith(VERIFY)
    assert client.get("/beheer/gebruikers/")["Location"].startswith(VERIFY)
    assert client.get("/beheer/toegangslog/")["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_the_2fa_pages_logout_and_health_stay_open_without_a_second_factor(client, require_2fa, facilitator):
    client.force_login(facilitator)

    assert client.get(SETUP).status_code == 200
    assert client.get("/health/live").status_code == 200
    assert client.get("/health/ready").status_code in (200, 503)  # open: only components, ok or fail
    response = client.post("/account/logout/")
    assert response.status_code == 302 and response["Location"] == "/account/login/"


@pytest.mark.django_db
def test_a_verified_session_opens_its_pages(require_2fa, verified_client, facilitator):
    case = CaseFactory(facilitator=facilitator)
    client = verified_client(facilitator)

    assert client.get("/").status_code == 200
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200


@pytest.mark.django_db
def test_without_require_2fa_a_password_session_opens_the_dashboard(client, settings, facilitator):
    settings.REQUIRE_2FA = False
    client.force_login(facilitator)

    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_enrolling_shows_qr_code_and_secret_and_the_first_code_confirms(client, require_2fa, facilitator):
    client.force_login(facilitator)

    page = client.get(f"{SETUP}?next=/casussen/")
    html = page.content.decode()
    svg = html.split("<svg", 1)[1].split("</svg>")[0]
    assert "<path" in svg and "href" not in svg and "style" not in svg  # inline, nothing fetched
    assert 'role="img" aria-label="QR-code voor de authenticator-app"' in svg
    key = _secret_on(page)
    assert (
        client.get(SETUP)
        .content.decode()
        .count(two_factor.secret_of(TOTPDevice.objects.get(user=facilitator)))
    )

    response = client.post(SETUP, {"token": code_for(key), "next": "/casussen/"})

    assert response.status_code == 200
    codes = re.findall(r"<li class=\"col\">([a-z2-7]{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=facilitator).values_list("token", flat=True)
    )
    assert TOTPDevice.objects.get(user=facilitator).confirmed
    assert client.get("/casussen/").status_code == 200
    assert AccessLog.objects.filter(object_type="core.user", detail="two-factor login set up").count() == 1


@pytest.mark.django_db
def test_a_wrong_first_code_confirms_nothing(client, require_2fa, facilitator):
    client.force_login(facilitator)
    client.get(SETUP)

    response = client.post(SETUP, {"token": "000000"})

    assert "Deze code is onjuist of verlopen." in response.content.decode()
    assert not TOTPDevice.objects.get(user=facilitator).confirmed
    assert client.get("/")["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_a_password_alone_cannot_enrol_a_second_phone(client, require_2fa, enrol, facilitator):
    enrol(facilitator)
    client.force_login(facilitator)

    response = client.get(SETUP)

    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=facilitator).count() == 1


@pytest.mark.django_db
def test_verifying_with_the_app_opens_the_page_asked_for(client, require_2fa, enrol, facilitator):
    device = enrol(facilitator)
    client.force_login(facilitator)
    session_key = client.session.session_key

    response = client.post(VERIFY, {"token": code_for(device.bin_key), "next": "/casussen/"})

    assert response["Location"] == "/casussen/"
    assert client.session.session_key != session_key
    assert client.get("/casussen/").status_code == 200


@pytest.mark.django_db
def test_verify_does_not_redirect_to_another_site(client, require_2fa, enrol, facilitator):
    device = enrol(facilitator)
    client.force_login(facilitator)

    response = client.post(VERIFY, {"token": code_for(device.bin_key), "next": "https://evil.example/"})

    assert response["Location"] == "/"


@pytest.mark.django_db
def test_a_wrong_code_is_refused_and_repeated_failures_are_throttled(client, require_2fa, enrol, facilitator):
    device = enrol(facilitator)
    client.force_login(facilitator)

    for _attempt in range(3):
        response = client.post(VERIFY, {"token": "000000"})
        assert response.status_code == 200
    # After three failures the device waits 4 seconds: even the right code is refused now.
    response = client.post(VERIFY, {"token": code_for(device.bin_key)})

    assert "Te veel onjuiste pogingen" in response.content.decode()
    assert client.get("/")["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_a_backup_code_works_once(client, require_2fa, enrol, facilitator):
    enrol(facilitator)
    codes = two_factor.regenerate_backup_codes(user=facilitator)
    client.force_login(facilitator)

    assert client.post(VERIFY, {"token": codes[0].upper()})["Location"] == "/"
    client.post("/account/logout/")
    client.force_login(facilitator)
    response = client.post(VERIFY, {"token": codes[0]})

    assert response.status_code == 200
    assert "Deze code is onjuist of verlopen." in response.content.decode()
    assert StaticToken.objects.filter(device__user=facilitator).count() == 9


@pytest.mark.django_db
def test_new_backup_codes_replace_the_old_ones(require_2fa, verified_client, facilitator):
    client = verified_client(facilitator)
    old = set(two_factor.regenerate_backup_codes(user=facilitator))
    assert "nog 10 ongebruikte back-upcodes" in client.get("/account/2fa/").content.decode()

    response = client.post("/account/2fa/")

    new = set(re.findall(r"<li class=\"col\">([a-z2-7]{8})</li>", response.content.decode()))
    assert len(new) == 10 and not new & old
    assert set(StaticToken.objects.filter(device__user=facilitator).values_list("token", flat=True)) == new


@pytest.mark.django_db
def test_backup_codes_page_needs_a_verified_session_also_when_2fa_is_optional(client, enrol, facilitator):
    enrol(facilitator)
    client.force_login(facilitator)

    assert client.post("/account/2fa/")["Location"].startswith(VERIFY)
    assert not StaticToken.objects.exists()


@pytest.mark.django_db
def test_the_user_menu_links_to_the_two_factor_page(client_for, facilitator):
    assert 'href="/account/2fa/"' in client_for(facilitator).get("/").content.decode()
