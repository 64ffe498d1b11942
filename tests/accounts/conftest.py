"""Two-factor fixtures: ``REQUIRE_2FA`` on, a confirmed authenticator app, codes from it, and a client
whose session is verified with it."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


@pytest.fixture
def enrol():
    """``enrol(user)`` gives the user a confirmed authenticator app and returns the device."""

    def make(user) -> TOTPDevice:
        return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)

    return make


@pytest.fixture
def verified_client(client, enrol):
    """``verified_client(user)``: the test client signed in as ``user`` with a verified second factor."""

    def login(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrol(user)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return login
