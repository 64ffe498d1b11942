"""A Dutch common-password list beside Django's English one (AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIST_PATH = Path(__file__).resolve().parent / "data" / "common-passwords-nl.txt"
# Digits and punctuation people put around a word: "wachtwoord123", "Welkom2024!", "01voetbal".
_DECORATION = re.compile(r"^[\d\W_]+|[\d\W_]+$")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = LIST_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


class DutchCommonPasswordValidator:
    """Refuse a password on the Dutch list, also with digits or punctuation before or after it
    and in any case."""

    def validate(self, password: str, user=None) -> None:
        lowered = password.strip().lower()
        if lowered in common_passwords() or _DECORATION.sub("", lowered) in common_passwords():
            raise ValidationError(
                _(
                    "Dit wachtwoord wordt te vaak gebruikt en is daardoor makkelijk te raden. Kies een ander wachtwoord."
                ),
                code="password_too_common_nl",
            )

    def get_help_text(self) -> str:
        return _(
            "Uw wachtwoord mag geen veelgebruikt (Nederlands) wachtwoord zijn, ook niet met cijfers erachter."
        )
