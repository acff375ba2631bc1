"""Every page at 1280×800 on the demo seed, in the light and the dark theme, reads well.

Measured, not assumed (``contrast.py``): every visible, enabled label, button, check box, group
title, drop-down and text field has WCAG AA contrast against what is drawn behind it in the
grabbed window (4.5:1, 3:1 for large text); the open drop-downs and the selected rows of the
lists show their selected entry readably; the agenda lists exactly the model's posts of its
range. The emulator's clock is fixed (ui_support.EMULATOR_EPOCH), so nothing here depends on
today's date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from contrast import check_selected_entries, check_texts
from demo_screens import PAGES, demo_in_theme, open_demo, show_page
from ui_support import make_shell


@pytest.fixture
def themed(request: Any, qapp: Any, arun: Any, qtbot: Any, demo_emulator: Any) -> Iterator[Any]:
    """The demo window, synced, its analytics history filled, in ``request.param``'s theme."""
    yield from demo_in_theme(request.param, qapp, arun, qtbot, demo_emulator, f"ws-{request.param}")


def agenda_matches_the_model(page: Any) -> list[str]:
    agenda = page.agenda_view.agenda
    first, last = agenda.range
    days = [first + timedelta(n) for n in range((last - first).days + 1)]
    expected = [r.id for d in days for r in page.model.rows_on(d)]
    listed = [r.id for r in agenda.posts()]
    if not expected:
        return ["the agenda's month has no posts in the demo"]
    return [] if listed == expected else [f"agenda lists {len(listed)} posts, "
                                          f"the model has {len(expected)} in its range"]


@pytest.mark.parametrize("themed", ["light", "dark"], indirect=True)
def test_every_page_reads_well(themed: Any, arun: Any) -> None:
    controller = themed.controller
    problems: list[str] = []
    for name in PAGES:
        root = arun(show_page(controller, name), 30)
        findings, checked = check_texts(root, name)
        problems += [str(f) for f in findings]
        problems += [str(f) for f in check_selected_entries(root, name)]
        if checked < 3:
            problems.append(f"{name}: only {checked} texts on screen")
        if name == "calendar-agenda":
            problems += agenda_matches_the_model(controller.pages.calendar)
    assert not problems, "\n".join(problems)


def test_switching_to_dark_while_running_restyles_every_page(qapp: Any, arun: Any, qtbot: Any,
                                                              demo_emulator: Any) -> None:
    """The analytics title, labels and charts and the calendar follow a theme switch made in
    Settings while the app runs (they kept the light colours on a dark window)."""
    from s200desk.ui.theme import apply_theme

    apply_theme(qapp, "light")
    shell = make_shell(demo_emulator, workspace_id="ws-switch")
    qtbot.addWidget(shell.window)
    controller = shell.controller
    try:
        arun(open_demo(controller, controller.test_info, demo_emulator), 60)
        for name in ("analytics", "calendar-month"):
            arun(show_page(controller, name), 30)
        controller.apply_settings(controller.settings.model_copy(update={"theme": "dark"}))
        problems: list[str] = []
        for name in ("analytics", "calendar-month", "posts"):
            root = arun(show_page(controller, name), 30)
            problems += [str(f) for f in check_texts(root, f"{name} after the switch")[0]]
        page = controller.pages.analytics
        chart = page.platform_view.chart()
        assert chart.backgroundBrush().color().name().upper() == "#1E1F24"  # the dark cards
        assert not problems, "\n".join(problems)
    finally:
        arun(controller.aclose())
        apply_theme(qapp, "light")
    assert not shell.failures, shell.failures
