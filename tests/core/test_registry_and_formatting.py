"""The shared registry type and the one home of Dutch notation."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.utils import translation

from cases import sections
from core import dashboard, navigation
from core.formatting import (
    amsterdam_date,
    day_end,
    day_start,
    dutch_date,
    format_amount,
    format_date,
    format_moment,
    format_month,
    format_number,
)
from core.registry import Registry


@dataclass(frozen=True)
class Entry:
    name: str
    order: int = 100


def test_a_registry_keeps_one_of_each_entry_in_order():
    registry = Registry()
    registry.register(Entry("late", 300))
    registry.register(Entry("early", 10))
    registry.register(Entry("late", 300))

    assert [entry.name for entry in registry] == ["early", "late"]
    assert len(registry) == 2


def test_panels_navigation_and_case_sections_are_registries_filled_by_the_apps():
    for registry in (dashboard.panels, navigation.items, sections.sections):
        assert isinstance(registry, Registry)
        assert len(registry) > 0
    orders = [item.order for item in navigation.items]
    assert orders == sorted(orders)


def test_dutch_notation_does_not_follow_the_active_language():
    with translation.override("en"):
        assert format_number(1234567) == "1.234.567"
        assert format_number(Decimal("3.45"), decimals=1) == "3,5"
        assert format_amount(Decimal("12345")) == "€ 12.345,00"
        assert format_date(date(2026, 3, 9)) == "09-03-2026"
        assert format_month(date(2026, 3, 1)) == "maart 2026"
        assert dutch_date(date(2026, 6, 1)) == "1 juni 2026"


def test_the_amsterdam_date_of_a_moment_late_in_the_utc_evening_is_the_next_day():
    assert amsterdam_date(datetime(2026, 3, 12, 23, 30, tzinfo=UTC)) == date(2026, 3, 13)


def test_a_moment_is_shown_in_amsterdam_time_and_a_naive_one_as_it_is():
    assert format_moment(datetime(2026, 7, 1, 12, 5, tzinfo=UTC)) == "01-07-2026 14:05"  # summer time
    assert format_moment(datetime(2026, 1, 1, 12, 5, tzinfo=UTC)) == "01-01-2026 13:05"
    assert format_moment(datetime(2026, 1, 1, 12, 5)) == "01-01-2026 12:05"


def test_a_case_file_print_is_named_by_its_moment_in_amsterdam_time_not_utc():
    from cases.models import Case
    from expertteams.models import CaseFileExport

    export = CaseFileExport(
        case=Case(reference="EXP-2026-0001"), created_at=datetime(2026, 7, 1, 22, 30, tzinfo=UTC)
    )
    assert str(export) == "EXP-2026-0001 02-07-2026 00:30"


def test_a_person_is_named_by_full_name_else_username_everywhere():
    from core.models import User

    assert User(username="jdevries", first_name="Jan", last_name="de Vries").display_name == "Jan de Vries"
    assert User(username="jdevries").display_name == "jdevries"
    assert str(User(username="jdevries")) == "jdevries"


def test_a_day_begins_and_ends_in_amsterdam_time_also_on_the_day_summer_time_starts():
    # 29 March 2026: the clocks go from 02:00 to 03:00, so the day begins at +01:00 and ends at +02:00.
    assert day_start(date(2026, 3, 29)) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert day_end(date(2026, 3, 29)) == datetime(2026, 3, 29, 21, 59, 59, tzinfo=UTC)
