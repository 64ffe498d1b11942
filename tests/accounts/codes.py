import time

from django_otp.oath import totp

PERIOD = 30  # seconds: django-otp's TOTP step


def code_for(key: bytes, *, steps_ahead: int = 0) -> str:
    """The 6-digit TOTP code of ``key`` now, or ``steps_ahead`` periods of 30 seconds later."""
    return f"{totp(key, t0=-PERIOD * steps_ahead):06d}"


def wait_for_a_fresh_period(margin: float = 5) -> None:
    """Sleep, if need be, until at least ``margin`` seconds of the current TOTP period are left.

    A code typed just before a period ends is checked in the next one: django-otp accepts it and
    records a drift of one step, which shifts the window of every later check. A journey that checks
    two codes in a row starts its first one well inside a period."""
    left = PERIOD - time.time() % PERIOD
    if left < margin:
        time.sleep(left + 0.2)
