"""Two-factor login: a TOTP authenticator app (django-otp) and ten single-use backup codes.

A session is verified once ``django_otp.login`` has stored the device that accepted a code; the
views do that after ``confirm_totp_device`` or ``verify``. Failed codes slow down further attempts
(django-otp's throttling: 1, 2, 4, ... seconds per device). Enrolling, new backup codes and a reset
by an administrator are written to the access log.
"""

from __future__ import annotations

import re
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import audit
from core.models import AccessLog, User

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp_device(user: User) -> TOTPDevice:
    """The user's not yet confirmed TOTP device, created on first use, so the secret stays the same
    while the user scans it and types the first code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The base32 secret for typing into an app, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` URL as an inline SVG (no external resource, no inline style)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    label = escape(_("QR-code voor de authenticator-app"))  # an image needs its text alternative (WCAG 1.1.1)
    size = f'width="220" height="220" role="img" aria-label="{label}"'
    return re.sub(r'width="[^"]*" height="[^"]*"', size, svg, count=1)


def _normalised(token: str) -> str:
    return re.sub(r"\s+", "", token or "").lower()


def _new_backup_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def confirm_totp_device(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the pending ``device`` with the first code from the app and return ten new backup
    codes (shown once). Raises ``ValidationError`` when the code is wrong; the failure still counts
    for throttling."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        allowed, _detail = device.verify_is_allowed()
        verified = allowed and device.verify_token(_normalised(token))
        if verified:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = _new_backup_codes(user)
            audit.record(user, AccessLog.Action.CHANGE, user, detail="two-factor login set up")
    if not verified:
        raise ValidationError(_wrong_code_message(allowed))
    return codes


def verify(*, user: User, token: str) -> Device:
    """The confirmed device of ``user`` that accepts ``token``: a 6-digit code goes to the app's
    device, anything else is tried as a backup code (used up by this). Raises ``ValidationError``."""
    token = _normalised(token)
    model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    allowed = True
    with transaction.atomic():
        for device in model.objects.filter(user=user, confirmed=True).select_for_update().order_by("pk"):
            allowed, _detail = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                return device
    raise ValidationError(_wrong_code_message(allowed))


def regenerate_backup_codes(*, user: User) -> list[str]:
    """Ten new backup codes for ``user``; the old ones stop working."""
    with transaction.atomic():
        codes = _new_backup_codes(user)
        audit.record(user, AccessLog.Action.CHANGE, user, detail="two-factor backup codes renewed")
    return codes


def remaining_backup_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove_devices(user: User) -> None:
    """Remove every second factor of ``user`` (the administrator's reset: ``accounts.services``)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _wrong_code_message(allowed: bool) -> str:
    if not allowed:
        return _("Te veel onjuiste pogingen. Wacht enkele seconden en probeer het opnieuw.")
    return _("Deze code is onjuist of verlopen.")
