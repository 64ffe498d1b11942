"""Dashboard panels. Each app registers the panels for its roles in ``AppConfig.ready()``; a panel is
a template and a function that returns its context (or ``None`` to hide it) for a request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.registry import Registry


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable
    roles: tuple[str, ...]
    order: int = 100


panels: Registry[Panel] = Registry()


def register_panel(template: str, context: Callable, roles: tuple[str, ...], order: int = 100) -> None:
    panels.register(Panel(template=template, context=context, roles=tuple(roles), order=order))


def panels_for(request) -> list[dict]:
    codes = request.user.role_codes
    shown = []
    for panel in panels:
        if not codes.intersection(panel.roles):
            continue
        context = panel.context(request)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
