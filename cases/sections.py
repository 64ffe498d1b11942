"""Sections of the case page contributed by other apps (e.g. the timeline from ``expertteams``).

``cases`` never imports the apps to its right; they register here in ``AppConfig.ready()``. A section
is a template and a function ``context(request, case) -> dict | None`` (``None`` hides it). Each
section must use a constant number of queries, whatever the size of the case (the case page's
budget is pinned in tests/cases/test_case_page.py).

A section may also offer the case's primary actions (``actions_template``, e.g. the timeline's "Stap
toevoegen"): the case page shows them in its header, next to the status change, rendered with the same
context, so they cost no query of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.registry import Registry


@dataclass(frozen=True)
class CaseSection:
    template: str
    context: Callable
    order: int = 100
    actions_template: str = ""


sections: Registry[CaseSection] = Registry()


def register_case_section(
    template: str, context: Callable, order: int = 100, actions_template: str = ""
) -> None:
    sections.register(
        CaseSection(template=template, context=context, order=order, actions_template=actions_template)
    )


def sections_for(request, case) -> list[dict]:
    shown = []
    for section in sections:
        context = section.context(request, case)
        if context is not None:
            shown.append(
                {
                    "template": section.template,
                    "context": context,
                    "actions_template": section.actions_template,
                }
            )
    return shown
