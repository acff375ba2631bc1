"""The suite's property tests with 10,000 examples each (on demand, a few minutes):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -p no:cacheprovider -m perf \\
        tests/perf/test_properties_long.py

The suite runs the same properties with 200 examples (tests/unit/api/test_response_properties.py,
tests/unit/services/test_time_properties.py); strategies and checks are in tests/api_fuzz.py and
tests/time_fuzz.py. Marked ``perf`` so the suite never collects it.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from api_fuzz import ENDPOINTS, Endpoint, bodies, check_failure, check_success, headers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from time_fuzz import (
    ZONES,
    check_any_text,
    check_iso_round_trip,
    check_localize,
    check_wall_text,
    instants,
    nows,
    user_texts,
    walls,
)

LONG = settings(
    max_examples=10_000, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
pytestmark = pytest.mark.perf


@st.composite
def answers(draw: st.DrawFn, ok: bool) -> tuple[Endpoint, int, bytes, dict[str, str]]:
    endpoint = draw(st.sampled_from(ENDPOINTS))
    status = draw(st.sampled_from(endpoint.ok_statuses) if ok else st.integers(400, 599))
    return endpoint, status, draw(bodies(endpoint)), draw(headers())


@LONG
@given(answers(ok=True))
def test_a_2xx_answer_is_the_model_or_malformed_response_error(
    case: tuple[Endpoint, int, bytes, dict[str, str]],
) -> None:
    check_success(*case)


@LONG
@given(answers(ok=False))
def test_an_error_status_is_always_an_api_status_error(
    case: tuple[Endpoint, int, bytes, dict[str, str]],
) -> None:
    check_failure(*case)


@LONG
@given(walls)
def test_a_wall_time_is_one_instant_with_gaps_and_overlaps_resolved(
    case: tuple[datetime, str],
) -> None:
    check_localize(*case)


@LONG
@given(walls, nows)
def test_a_typed_wall_time_is_that_instant_or_refused_as_past(
    case: tuple[datetime, str], now: datetime
) -> None:
    check_wall_text(*case, now)


@LONG
@given(user_texts, st.sampled_from(ZONES), nows)
def test_any_typed_text_is_a_future_utc_time_or_a_message(
    text: str, zone: str, now: datetime
) -> None:
    check_any_text(text, zone, now)


@LONG
@given(instants)
def test_iso_text_round_trips_to_the_millisecond(moment: datetime) -> None:
    check_iso_round_trip(moment)
