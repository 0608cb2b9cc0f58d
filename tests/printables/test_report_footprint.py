"""The report's debrief draws the scores over the rounds and says the session's footprint,
with its energy range and its source."""

from __future__ import annotations

import pytest

from game.models import SessionFootprint
from game.report import report_data
from printables.report import report_pdf
from tests.printables.decks import pdf_text, squeeze
from tests.printables.test_report import played_session  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_the_report_shows_the_scores_chart_and_the_footprint(played_session):  # noqa: F811
    SessionFootprint.objects.create(
        session=played_session, bytes_sent=4_000_000, bytes_received=50_000, http_bytes=950_000, http_responses=40
    )
    data = report_data(played_session)
    assert data["footprint"]["bytes"] == 5_000_000
    assert data["footprint"]["wh_high"] == pytest.approx(0.3)  # 0.005 GB x 0.06 kWh/GB
    text = squeeze(pdf_text(report_pdf(data)))
    for words in ("Les scores au fil des manches", "L’empreinte de cette séance", "5 Mo", "0,06 kWh par Go en 2015"):
        assert squeeze(words) in text
    assert squeeze("https://doi.org/10.1111/jiec.12630") in text
