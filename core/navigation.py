"""Navigation per role. Apps register their menu entries in ``AppConfig.ready()``, so ``core``
never imports an app, and the base template shows each user only what their roles allow."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from core.registry import Registry


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    order: int = 100


items: Registry[NavItem] = Registry()


def register(label, url_name: str, roles: tuple[str, ...], order: int = 100) -> None:
    items.register(NavItem(label=label, url_name=url_name, roles=tuple(roles), order=order))


def items_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    codes = user.role_codes
    return [
        {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name}
        for item in items
        if codes.intersection(item.roles)
    ]
