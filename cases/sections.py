"""Tabs and sections of the case page, contributed by other apps (e.g. the timeline from ``expertteams``).

``cases`` never imports the apps to its right; they register here in ``AppConfig.ready()``.

The case page is a header (the case, its status and its actions) over one tab at a time: the work
(the timeline) at ``/casussen/<reference>/``, and each other part on a page of its own at
``/casussen/<reference>/<tab>/`` (``cases:tab``): the registration record, aftercare, grants, who viewed
the file. A page then reads and renders only what it shows, so the case page costs about the same
whatever else the file holds (docs/scaling.md has the figures).

A tab is a slug and a label (``register_case_tab``; the slug ``""`` is the case page itself). A section
is a template and a function ``context(request, case) -> dict | None`` (``None`` hides it) on one tab.
Each section must use a constant number of queries, whatever the size of the case (the budgets are
pinned in tests/cases/test_case_page.py).

A section may also offer the case's primary actions (``actions_template``, e.g. the timeline's "Stap
toevoegen"): its tab shows them in the header, next to the status change, rendered with the same
context, so they cost no query of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import Registry


@dataclass(frozen=True)
class CaseTab:
    slug: str
    label: str
    order: int = 100


@dataclass(frozen=True)
class CaseSection:
    template: str
    context: Callable
    order: int = 100
    actions_template: str = ""
    tab: str = ""


tabs: Registry[CaseTab] = Registry()
sections: Registry[CaseSection] = Registry()

# The case page itself, when no app names it (``expertteams`` calls it "Tijdlijn").
DEFAULT_TAB = CaseTab(slug="", label=_("Overzicht"), order=0)


def register_case_tab(slug: str, label: str, order: int = 100) -> None:
    tabs.register(CaseTab(slug=slug, label=label, order=order))


def register_case_section(
    template: str, context: Callable, order: int = 100, actions_template: str = "", tab: str = ""
) -> None:
    sections.register(
        CaseSection(
            template=template, context=context, order=order, actions_template=actions_template, tab=tab
        )
    )


def case_tabs() -> list[CaseTab]:
    """Every tab in its order, the case page itself first."""
    registered = list(tabs)
    if not any(tab.slug == "" for tab in registered):
        registered.insert(0, DEFAULT_TAB)
    return sorted(registered, key=lambda tab: (tab.slug != "", tab.order))


def tab_slugs() -> list[str]:
    return [tab.slug for tab in case_tabs() if tab.slug]


def case_tab_url(reference: str, tab: str = "") -> str:
    """The page of ``tab`` of the case ``reference`` (``""``: the case page itself)."""
    return reverse("cases:tab", args=[reference, tab]) if tab else reverse("cases:detail", args=[reference])


def sections_for(request, case, tab: str = "") -> list[dict]:
    """The sections of ``tab`` with their context (a section whose context is ``None`` is left out)."""
    shown = []
    for section in sections:
        if section.tab != tab:
            continue
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
