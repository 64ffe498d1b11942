"""``links.url_per_id``: one ``reverse`` for a page of links that differ only in the row's id."""

import pytest
from django.urls import reverse

from expertteams.links import url_per_id


@pytest.mark.parametrize("reference", ["UTR-2026-00001", "UTR-S1-000000", "FLE 2026 7"])
@pytest.mark.parametrize("pk", [1, 10, 987654, 2**40])
def test_each_link_is_the_one_reverse_would_give(reference, pk):
    url_for = url_per_id("expertteams:step_correct", reference)
    assert url_for(pk) == reverse("expertteams:step_correct", args=[reference, pk])


def test_an_id_is_always_a_number():
    with pytest.raises(ValueError):
        url_per_id("expertteams:action_complete")("1/../../admin")
