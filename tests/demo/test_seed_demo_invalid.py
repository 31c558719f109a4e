"""seed_demo on an empty database with invalid demo data: apart from test_seed_demo.py, whose tests share a demo
seeded once for the module."""

import pytest
from django.core.management import CommandError

from demo import data as demo_data
from tests.demo.test_seed_demo import seed
from workshops.models import Organisation, Workshop

pytestmark = pytest.mark.django_db


def test_invalid_demo_data_is_reported_and_nothing_is_written(monkeypatch):
    broken_session = {**demo_data.SEOUL_PROGRAMME[-1], "day": 9}
    monkeypatch.setattr(demo_data, "SEOUL_PROGRAMME", [*demo_data.SEOUL_PROGRAMME, broken_session])

    with pytest.raises(CommandError, match="nothing was written.*workshop's days"):
        seed()

    assert not Workshop.objects.exists()
    assert not Organisation.objects.exists()
