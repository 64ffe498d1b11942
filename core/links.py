"""Links: to many rows of one kind at the cost of one ``reverse``, and back where a page came from.

A list page links each of its rows (50 applications in the committee queue, 50 steps on a timeline);
every ``{% url %}`` costs some 40 microseconds, two milliseconds a page. ``url_for_each`` reverses once
with a marker in place of the row's key and puts each real key there.

``safe_next`` is the one check of a ``?next=`` address before the application sends anyone there.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request) -> str:
    """The request's ``next`` (posted, else in the query) when it leads to this site, over HTTPS when the
    request came over HTTPS; else ``""`` (never an open redirect)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


# A key no row will have; a number, so that it fits an ``<int:...>`` as well as a ``<str:...>`` argument.
_MARK = 987654321987654321
# Characters ``reverse`` never quotes (RFC 3986 "unreserved"): a key of only these needs no quoting.
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+")


def url_for_each(name: str, *args) -> Callable[[int | str], str]:
    """``f(key) == reverse(name, args=[*args, key])`` for every key: a number (an id) or a text of
    unreserved characters (a reference); any other key goes through ``reverse`` itself."""
    before, after = reverse(name, args=[*args, _MARK]).split(str(_MARK))

    def url(key: int | str) -> str:
        if isinstance(key, int) or (isinstance(key, str) and _UNRESERVED.fullmatch(key)):
            return f"{before}{key}{after}"
        return reverse(name, args=[*args, key])

    return url
