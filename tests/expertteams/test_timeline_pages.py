"""The timeline in pages of 50: newest first, "Eerdere stappen" by keyset (no gap, no overlap, also for
steps on the same day), a filter by kind, and a link to any step lands on a page that shows it."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from expertteams import selectors
from expertteams.links import step_url
from expertteams.models import Step, StepKind
from tests.expertteams.factories import CaseFactory, log
from tests.expertteams.test_views import post_data

pytestmark = pytest.mark.django_db


def bulk_steps(
    case, author, count: int, *, kind=StepKind.CONTACT_FAMILY, same_day_every: int = 3
) -> list[int]:
    """``count`` plain steps, three a day (ties on the date), in timeline order (newest first)."""
    Step.objects.bulk_create(
        Step(
            case=case,
            kind=kind,
            occurred_on=date(2025, 1, 1) + timedelta(days=n // same_day_every),
            title=f"Stap {n}",
            author=author,
        )
        for n in range(count)
    )
    return list(
        Step.objects.filter(case=case)
        .order_by("-occurred_on", "-created_at", "-id")
        .values_list("pk", flat=True)
    )


def shown_steps(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="timeline-item" id="stap-(\d+)"', html)]


def older_link(html: str) -> str | None:
    match = re.search(r'href="([^"]*vanaf=[^"]*)"[^>]*>Eerdere stappen', html)
    return match.group(1).replace("&amp;", "&") if match else None


def test_the_case_page_shows_the_newest_50_steps_and_pages_back_without_gaps(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    ordered = bulk_steps(case, facilitator, 120)
    client = client_for(facilitator)

    seen, url = [], reverse("cases:detail", args=[case.reference])
    pages = 0
    while url:
        html = client.get(url).content.decode()
        seen += shown_steps(html)
        url = older_link(html)
        pages += 1

    assert pages == 3
    assert seen == ordered  # every step once, newest first


def test_first_page_holds_exactly_the_newest_50(facilitator):
    case = CaseFactory(facilitator=facilitator)
    ordered = bulk_steps(case, facilitator, 60)

    page = selectors.timeline_page(case)

    assert [step.pk for step in page.steps] == ordered[:50]
    assert page.older == ordered[50]
    last = selectors.timeline_page(case, start=page.older)
    assert [step.pk for step in last.steps] == ordered[50:] and last.older is None


def test_a_start_of_another_case_is_ignored(facilitator):
    case, other = CaseFactory(facilitator=facilitator), CaseFactory(facilitator=facilitator)
    ordered = bulk_steps(case, facilitator, 5)
    foreign = bulk_steps(other, facilitator, 1)[0]

    page = selectors.timeline_page(case, start=foreign)

    assert [step.pk for step in page.steps] == ordered and page.start is None


def test_filter_by_kind_shows_only_that_kind_and_keeps_it_when_paging(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    bulk_steps(case, facilitator, 30, kind=StepKind.CONTACT_FAMILY)
    Step.objects.bulk_create(
        Step(
            case=case,
            kind=StepKind.CONTACT_MUNICIPALITY,
            occurred_on=date(2024, 6, 1),
            title=f"Gemeente {n}",
            author=facilitator,
        )
        for n in range(55)
    )
    municipal = list(
        Step.objects.filter(case=case, kind=StepKind.CONTACT_MUNICIPALITY)
        .order_by("-occurred_on", "-created_at", "-id")
        .values_list("pk", flat=True)
    )
    client = client_for(facilitator)
    url = reverse("cases:detail", args=[case.reference]) + "?soort=" + StepKind.CONTACT_MUNICIPALITY

    html = client.get(url).content.decode()

    assert shown_steps(html) == municipal[:50]
    link = older_link(html)
    assert f"soort={StepKind.CONTACT_MUNICIPALITY}" in link
    assert shown_steps(client.get(link).content.decode()) == municipal[50:]


def test_a_link_to_an_old_step_lands_on_a_page_that_shows_it(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    ordered = bulk_steps(case, facilitator, 200)
    old = Step.objects.select_related("case").get(pk=ordered[170])

    response = client_for(facilitator).get(step_url(old))

    html = response.content.decode()
    assert f'id="stap-{old.pk}"' in html
    assert shown_steps(html)[0] == old.pk
    assert step_url(old).endswith(f"#stap-{old.pk}")


def test_correcting_an_old_step_returns_to_its_page(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    old = log(StepKind.CONTACT_FAMILY, case=case, actor=facilitator, occurred_on=date(2020, 1, 1))
    bulk_steps(case, facilitator, 60)
    data = {**post_data(StepKind.CONTACT_FAMILY), "occurred_on": "2020-01-01", "reason": "Typfout"}

    response = client_for(facilitator).post(
        reverse("expertteams:step_correct", args=[case.reference, old.pk]), data
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"?vanaf={old.pk}#stap-{old.pk}")


def test_the_case_page_lists_each_step_and_links_to_its_details_on_the_full_timeline(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    step = log(
        StepKind.INTERVIEW, case=case, actor=facilitator, concerns="Zorgen over de overgang naar school"
    )
    client = client_for(facilitator)

    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    full_url = reverse("expertteams:timeline", args=[case.reference])
    assert f'id="stap-{step.pk}"' in page and str(step.title) in page
    assert f'href="{full_url}?vanaf={step.pk}#stap-{step.pk}">details' in page
    assert "Zorgen over de overgang naar school" not in page

    full = client.get(f"{full_url}?vanaf={step.pk}").content.decode()
    assert f'id="stap-{step.pk}"' in full
    assert "Zorgen over de overgang naar school" in full


def test_the_link_to_the_full_timeline_keeps_the_page_and_the_kind(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    step = log(StepKind.NOTE, case=case, actor=facilitator)
    client = client_for(facilitator)

    page = client.get(
        reverse("cases:detail", args=[case.reference]), {"vanaf": step.pk, "soort": StepKind.NOTE}
    ).content.decode()

    full_url = reverse("expertteams:timeline", args=[case.reference])
    assert f'href="{full_url}?vanaf={step.pk}&amp;soort={StepKind.NOTE}">Tijdlijn met alle details' in page
