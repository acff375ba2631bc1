"""Property: any answer the server gives is a documented model or a typed error, never a crash.

Strategies and checks are in tests/api_fuzz.py; tests/perf/test_properties_long.py runs the same
properties with 10,000 examples each.
"""

from __future__ import annotations

import json

from api_fuzz import (
    ENDPOINTS,
    POST,
    Endpoint,
    bodies,
    check_failure,
    check_success,
    endpoint,
    headers,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

SUITE = settings(
    max_examples=200, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip


@st.composite
def success(draw: st.DrawFn) -> tuple[Endpoint, int, bytes, dict[str, str]]:
    endpoint = draw(st.sampled_from(ENDPOINTS))
    status = draw(st.sampled_from(endpoint.ok_statuses))
    return endpoint, status, draw(bodies(endpoint)), draw(headers())


@st.composite
def failure(draw: st.DrawFn) -> tuple[Endpoint, int, bytes, dict[str, str]]:
    endpoint = draw(st.sampled_from(ENDPOINTS))
    status = draw(st.integers(400, 599))
    return endpoint, status, draw(bodies(endpoint)), draw(headers())


# Found by these properties, kept as fixed cases: an epoch past year 9999 in X-RateLimit-Reset,
# and a timestamp at year 1 whose offset moves it before year 1 in UTC.
FAR_RESET = (endpoint("posts.create"), 200, b'{"success": true, "post_id": "p"}',
             {"x-ratelimit-reset": "253402300800"})  # fmt: skip
YEAR_ZERO = (endpoint("posts.get"), 200,
             json.dumps({**POST, "created_at": "0001-01-01T00:00:00+05:00"}).encode(), {})


@SUITE
@given(success())
@example(FAR_RESET)
@example(YEAR_ZERO)
def test_a_2xx_answer_is_the_model_or_malformed_response_error(
    case: tuple[Endpoint, int, bytes, dict[str, str]],
) -> None:
    check_success(*case)


@SUITE
@given(failure())
@example((FAR_RESET[0], 429, b"{}", FAR_RESET[3]))
def test_an_error_status_is_always_an_api_status_error(
    case: tuple[Endpoint, int, bytes, dict[str, str]],
) -> None:
    check_failure(*case)
