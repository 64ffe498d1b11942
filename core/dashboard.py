"""Dashboard panels. Each app registers the panels for its roles in ``AppConfig.ready()``; a panel is
a template and a function that returns its context (or ``None`` to hide it) for a request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable
    roles: tuple[str, ...]
    order: int = 100


_panels: list[Panel] = []


def register_panel(template: str, context: Callable, roles: tuple[str, ...], order: int = 100) -> None:
    panel = Panel(template=template, context=context, roles=tuple(roles), order=order)
    if panel not in _panels:
        _panels.append(panel)


def panels_for(request) -> list[dict]:
    codes = request.user.role_codes
    shown = []
    for panel in sorted(_panels, key=lambda p: p.order):
        if not codes.intersection(panel.roles):
            continue
        context = panel.context(request)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
