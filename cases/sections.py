"""Sections of the case page contributed by other apps (e.g. the timeline from ``expertteams``).

``cases`` never imports the apps to its right; they register here in ``AppConfig.ready()``. A section
is a template and a function ``context(request, case) -> dict | None`` (``None`` hides it). Each
section must use a constant number of queries, whatever the size of the case: the case page has a
budget of 12 queries in all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseSection:
    template: str
    context: Callable
    order: int = 100


_sections: list[CaseSection] = []


def register_case_section(template: str, context: Callable, order: int = 100) -> None:
    section = CaseSection(template=template, context=context, order=order)
    if section not in _sections:
        _sections.append(section)


def sections_for(request, case) -> list[dict]:
    shown = []
    for section in sorted(_sections, key=lambda s: s.order):
        context = section.context(request, case)
        if context is not None:
            shown.append({"template": section.template, "context": context})
    return shown
