from django_otp.oath import totp


def code_for(key: bytes, *, steps_ahead: int = 0) -> str:
    """The 6-digit TOTP code of ``key`` now, or ``steps_ahead`` periods of 30 seconds later."""
    return f"{totp(key, t0=-30 * steps_ahead):06d}"
