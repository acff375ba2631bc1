"""The cap a calendar day's count is drawn against ("TT 3/20"): the server's reported cap
(X-RateLimit-Limit) over the plan in the settings, and the plan the controller holds now."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def beginner_emulator() -> Iterator[Any]:
    """The demo seed on a server whose account is on the Beginner plan (20 posts a day)."""
    from ui_support import EMULATOR_EPOCH

    from s200desk.emulator import EmulatorServer, ManualClock

    server = EmulatorServer(
        seed="demo", plan="beginner", clock=ManualClock(EMULATOR_EPOCH), cooldown_seconds=0
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_the_servers_reported_cap_outranks_the_plan_setting(
    qtbot: Any, arun: Any, beginner_emulator: Any
) -> None:
    from ui_support import make_shell, until

    shell = make_shell(beginner_emulator)  # its settings say Agency: no cap
    qtbot.addWidget(shell.window)
    shell.window.show()
    controller = shell.controller
    try:
        arun(controller.start(controller.test_info))
        arun(until(lambda: controller.data_shown_emitted, what="synced posts on screen"))
        assert controller.settings.plan == "agency"
        page = controller.pages.calendar
        arun(until(lambda: page.model.daily_cap == 20, what="the server's cap of 20 a day"))
    finally:
        arun(controller.aclose())
    assert not shell.failures, shell.failures


def test_a_plan_set_after_the_controller_is_built_reaches_the_calendar(
    qtbot: Any, demo_emulator: Any
) -> None:
    from ui_support import make_shell

    shell = make_shell(demo_emulator)
    qtbot.addWidget(shell.window)
    controller = shell.controller
    # What the demo does once its emulator runs: the controller's settings are replaced.
    controller.settings = controller.settings.model_copy(update={"plan": "beginner"})
    assert controller.pages.calendar.model.daily_cap == 20
