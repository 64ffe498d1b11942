"""Navigation per role. Apps register their menu entries in ``AppConfig.ready()``, so ``core``
never imports an app, and the base template shows each user only what their roles allow."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    order: int = 100


_items: list[NavItem] = []


def register(label, url_name: str, roles: tuple[str, ...], order: int = 100) -> None:
    item = NavItem(label=label, url_name=url_name, roles=tuple(roles), order=order)
    if item not in _items:
        _items.append(item)


def items_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    codes = user.role_codes
    return [
        {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name}
        for item in sorted(_items, key=lambda i: i.order)
        if codes.intersection(item.roles)
    ]
