"""In the main window: File ▸ Posting queues… opens the queue editor on the workspace's profiles,
and after a sync the controller tops up the repeating series (their occurrences reach the
outbox without the composer being open)."""

from __future__ import annotations

import asyncio
import importlib
from datetime import UTC, datetime, timedelta
from typing import Any

from ui_support import until

from s200desk.services.outbox import PostSpec
from s200desk.services.planning.series_service import group_of
from s200desk.store.planning_repo import SeriesRepo, StoredSeries

# Loaded here, before the shell starts: the menu's first use would otherwise import them on the
# UI thread while the feature pages import theirs in a worker (a race this test is not about).
importlib.import_module("s200desk.ui.composer")
importlib.import_module("s200desk.ui.planning.queue_editor")


def test_the_queues_menu_opens_the_editor_and_a_sync_tops_up_the_series(
    shell: Any, arun: Any
) -> None:
    controller, window = shell.controller, shell.window
    assert window.queues_action in window.menuBar().findChild(type(window.view_menu),
                                                              "fileMenu").actions()
    window.queues_action.trigger()
    editor = controller.queues
    assert editor is not None and editor.isVisible()
    arun(until(lambda: editor.profile_combo.count() > 0, what="profiles listed"))
    assert editor.target() is not None
    editor.close()

    first = (datetime.now(UTC) + timedelta(days=1)).replace(hour=10, minute=0, second=0,
                                                            microsecond=0, tzinfo=None)
    spec = PostSpec(account_id="@lumenstudio", platform="x", text="daily tip top-up-8d2e")
    series = StoredSeries(
        id="topup1", platform="x", account_id="@lumenstudio", post=spec.to_json(),
        rule="RRULE:FREQ=DAILY", first_wall=first.strftime("%Y-%m-%dT%H:%M"), zone="UTC",
        horizon_days=3,
    )  # fmt: skip
    arun(SeriesRepo(controller.session.db).add(series))
    outbox = controller.outbox.service
    assert arun(outbox.list(group_id=group_of("topup1"))) == []
    controller.request_sync()

    async def recorded() -> list[Any]:
        return [i for i in await outbox.list(group_id=group_of("topup1"))
                if i.kind.value == "create"]  # fmt: skip

    found: list[Any] = []

    async def wait() -> None:
        while not found:
            found.extend(await recorded())
            await asyncio.sleep(0.05)

    arun(wait(), 30)
    wanted = {(first + timedelta(days=n)).strftime("%Y-%m-%dT%H:%M") for n in range(3)}
    keys = {i.source_key.rsplit(":", 2)[-2] + ":" + i.source_key.rsplit(":", 1)[-1]
            for i in found}  # fmt: skip
    assert keys <= wanted and len(found) >= 2
    for intent in found:
        arun(outbox.wait_settled(intent.id), 30)
    # Let the outbox panel's debounced reload run before the window goes.
    panel = controller.outbox_dock.panel
    arun(until(lambda: not panel._timer.isActive(), what="the panel's reload"))
    arun(until(lambda: all(t.get_name() in {"outbox-sender", "analytics-poller"}
                           for t in controller.tasks._tasks if not t.done()), what="idle"))
