"""``seed_scale`` with small numbers: the shape of the scale data, and no second run without --force."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from cases.models import Case, Consent
from core.models import ExpertTeam, Region
from core.workdays import get_calendar
from expertteams.kinds import KINDS
from expertteams.models import ActionItem, Step
from learning.models import LearningSession
from subsidies.deadlines import decision_due_date
from subsidies.models import ApplicationStatus, GrantApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    call_command("seed_scale", cases=300, steps=3000, applications=140, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_scale_data_has_the_shape_the_benchmark_needs(seeded):
    """42 regions with a team and three towns; cases with steps of every kind and their details; the
    demo facilitator's 250 cases with one long timeline; applications in every status."""
    assert Region.objects.count() == 42
    regions = Region.objects.annotate(
        teams=Count("expert_team", distinct=True), towns=Count("municipalities")
    )
    assert all(r.teams == 1 and r.towns >= 3 for r in regions)
    assert ExpertTeam.objects.count() == 42

    scale_cases = Case.objects.filter(reference__contains="-S1-")
    assert scale_cases.count() == 300
    assert Step.objects.filter(case__in=scale_cases).count() == 3000
    assert set(Step.objects.values_list("kind", flat=True).distinct()) == set(KINDS)
    for spec in KINDS.values():
        if spec.detail_model is not None:
            step = Step.objects.filter(case__in=scale_cases, kind=spec.kind).first()
            assert getattr(step, spec.relation) is not None, spec.kind
    assert ActionItem.objects.filter(step__case__in=scale_cases, done_at__isnull=True).exists()
    assert Consent.objects.filter(case__in=scale_cases).count() == 300
    assert LearningSession.objects.exists()

    mine = Case.objects.filter(facilitator__username="procesbegeleider")
    assert mine.count() >= 250
    longest = mine.annotate(n=Count("steps")).order_by("-n").first()
    assert longest.n >= 1000
    assert longest.last_step_at is not None

    statuses = set(
        GrantApplication.objects.filter(reference__startswith="S1-").values_list("status", flat=True)
    )
    assert statuses == set(ApplicationStatus.values)


def test_a_second_run_is_refused_without_force(seeded):
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_scale", cases=10, steps=10, applications=0)

    call_command("seed_scale", cases=10, steps=20, applications=0, force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Case.objects.filter(reference__contains="-S2-").count() == 10


def test_the_seeded_due_dates_are_the_services_own(seeded):
    calendar = get_calendar()
    submitted = GrantApplication.objects.filter(reference__startswith="S1-", received_at__isnull=False)
    assert submitted.exists()
    for application in submitted.select_related("scheme"):
        assert application.decision_due == decision_due_date(
            application.received_at, application.scheme.decision_working_days, calendar=calendar
        )


def test_each_case_is_worked_by_its_own_facilitator(seeded):
    steps = Step.objects.filter(case__reference__contains="-S1-")
    assert steps.exists()
    assert not steps.exclude(author_id=F("case__facilitator_id")).exists()
    actions = ActionItem.objects.filter(step__case__reference__contains="-S1-")
    assert actions.exists()
    assert not actions.exclude(owner_id=F("step__case__facilitator_id")).exists()
    assert actions.values("owner_id").distinct().count() > 1
