"""The client's address, also behind a proxy: one answer for the access log and the login lockout.

``TRUSTED_PROXIES`` lists the addresses or networks of the proxies in front of the application
(default: none). Only a request that comes from one of them has its ``X-Forwarded-For`` read, from
the right, past every trusted proxy; anyone else's header is ignored (and removed by
``core.middleware.ForwardedHeadersMiddleware``), so nobody can choose the address they are logged
or locked out under.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in spec if entry.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def is_trusted_proxy(address: str | None) -> bool:
    """Whether ``address`` is one of ``TRUSTED_PROXIES``."""
    parsed = _address(address or "")
    return parsed is not None and any(
        parsed in network for network in _networks(tuple(settings.TRUSTED_PROXIES))
    )


def client_ip(request) -> str | None:
    """The address of the client that made ``request``: the connection's, or, when that is a trusted
    proxy, the right-most address in ``X-Forwarded-For`` that is not a trusted proxy.

    Used as django-axes' ``AXES_CLIENT_IP_CALLABLE`` and by the access log (``core.audit``).
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if not is_trusted_proxy(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        parsed = _address(hop)
        if parsed is None:
            # Not written by a proxy we trust: believe nothing further to the left.
            return remote
        if not is_trusted_proxy(str(parsed)):
            return str(parsed)
    return str(_address(hops[0])) if hops else remote
