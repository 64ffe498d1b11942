"""Case references: region code, year and a sequence per region and year, unique under concurrency."""

import re
import threading

import pytest
from django.db import connection

from cases.services import next_reference
from core.models import Region

pytestmark = pytest.mark.django_db


def test_reference_is_region_code_year_and_four_digit_sequence(region_utr):
    assert next_reference(region=region_utr, year=2026) == "UTR-2026-0001"
    assert next_reference(region=region_utr, year=2026) == "UTR-2026-0002"


def test_sequence_is_counted_per_region_and_per_year(region_utr, region_fle):
    next_reference(region=region_utr, year=2026)
    next_reference(region=region_utr, year=2026)

    assert next_reference(region=region_fle, year=2026) == "FLE-2026-0001"
    assert next_reference(region=region_utr, year=2027) == "UTR-2027-0001"
    assert next_reference(region=region_utr, year=2026) == "UTR-2026-0003"


def test_reference_defaults_to_the_current_year(region_utr):
    assert re.fullmatch(r"UTR-20\d\d-0001", next_reference(region=region_utr))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_never_get_the_same_reference(reference_data):
    region = Region.objects.get(code="UTR")
    references: list[str] = []
    errors: list[Exception] = []
    start = threading.Barrier(8)

    def allocate():
        try:
            start.wait()
            for _n in range(5):
                references.append(next_reference(region=region, year=2030))
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(references) == 40
    assert len(set(references)) == 40
    assert max(references) == "UTR-2030-0040"
