from datetime import date

import pytest

from cases.models import Case
from core.models import Region
from reports.content import build_regional_report


@pytest.mark.django_db
def test_demo_gives_every_section_content_with_some_small_counts(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", quiet_accounts=True)
    count = Case.objects.filter(facilitator__username="pb_rapportage_utr").count()
    call_command("seed_demo", quiet_accounts=True)
    assert Case.objects.filter(facilitator__username="pb_rapportage_utr").count() == count > 50

    today = date.today()
    report = build_regional_report(
        region=Region.objects.get(code="UTR"),
        period_start=date(today.year - 1, today.month, 1),
        period_end=today,
    )
    for section in report.sections[:4]:
        assert not section.is_empty, section.title
    hidden = [
        flag
        for section in report.sections
        for table in section.tables
        for row in table.hidden
        for flag in row
    ]
    assert 1 in hidden  # some counts fall under 5
