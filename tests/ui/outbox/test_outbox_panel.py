"""The outbox panel, live from the ChangeBus: states, the server's reasons, Retry and Discard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from composer_support import HANDLE, Workspace

from s200desk.services.outbox import IntentState, MediaRef, PostSpec
from s200desk.services.scheduling import parse_iso_utc, to_iso_z
from s200desk.ui.outbox import OutboxPanel
from s200desk.ui.outbox.model import COLUMNS
from s200desk.ui.outbox.words import local_time
from s200desk.ui.qt import Qt

VIDEO = "https://example.com/clip.mp4"


def cell(panel: OutboxPanel, row: int, column: str) -> str:
    index = panel.model.index(row, COLUMNS.index(column))
    return str(panel.model.data(index, Qt.ItemDataRole.DisplayRole))


def row_of(panel: OutboxPanel, text: str) -> int:
    for row, intent in enumerate(panel.model.intents()):
        if text in str(intent.payload.get("text", "")):
            return row
    return -1


def state_of(panel: OutboxPanel, text: str) -> str:
    row = row_of(panel, text)
    return cell(panel, row, "State") if row >= 0 else ""


def make_panel(ws: Workspace) -> OutboxPanel:
    panel = OutboxPanel(ws.runner, ws.settings.time_zone)
    ws.qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    return panel


def test_the_panel_follows_every_state_live_with_retry_and_discard(workspace: Workspace) -> None:
    ws = workspace
    panel = make_panel(ws)
    when = to_iso_z(datetime.now(UTC) + timedelta(days=5))
    service = ws.runner.service
    specs = [
        PostSpec(HANDLE, "x", "fine words ob-1", scheduled_for=when),
        PostSpec(HANDLE, "x", "too long ob-2 " + "z" * 300, scheduled_for=when),
        PostSpec(HANDLE, "facebook", "to a disconnected page ob-3", scheduled_for=when),
    ]
    ws.arun(service.submit_posts(specs))  # nothing of the panel is called: only the bus
    ws.wait(
        lambda: (
            state_of(panel, "ob-1") == "Done"
            and state_of(panel, "ob-2") == "Failed"
            and state_of(panel, "ob-3") == "Failed"
        ),
        "done and failed rows",
    )
    assert "Failed" in panel.summary.text() or "failed" in panel.summary.text()
    long_row = row_of(panel, "ob-2")
    assert "280" in cell(panel, long_row, "Details")  # the server's reason, as it gave it
    assert "reconnect" in cell(panel, row_of(panel, "ob-3"), "Details")
    assert cell(panel, row_of(panel, "ob-1"), "When") == local_time(when, "Europe/Berlin")

    # Done: nothing to retry or discard.
    panel.table.selectRow(row_of(panel, "ob-1"))
    assert not panel.retry_button.isEnabled() and not panel.discard_button.isEnabled()
    # Failed: both. Retry sends it again (and it is refused again, with one more try).
    panel.table.selectRow(row_of(panel, "ob-2"))
    assert panel.retry_button.isEnabled() and panel.discard_button.isEnabled()
    ws.qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    ws.wait(
        lambda: (
            cell(panel, row_of(panel, "ob-2"), "Tries") == "2"
            and state_of(panel, "ob-2") == "Failed"
        ),
        "the retry refused again",
    )
    # Discard: kept in the list as discarded, and can be retried later.
    panel.select_intent(panel.model.intents()[row_of(panel, "ob-3")].id)
    ws.qtbot.mouseClick(panel.discard_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: state_of(panel, "ob-3") == "Discarded", "the discarded row")
    intent = panel.model.intents()[row_of(panel, "ob-3")]
    assert intent.state is IntentState.DISCARDED
    panel.select_intent(intent.id)
    assert panel.retry_button.isEnabled() and not panel.discard_button.isEnabled()


def test_a_202_row_shows_queued_for_next_day_with_its_date(workspace: Workspace) -> None:
    ws = workspace
    ws.emulator.set_plan("free")
    panel = make_panel(ws)
    when = (datetime.now(UTC) + timedelta(days=6)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    client = ws.session.client

    async def fill() -> str:
        clip = (await client.media.upload(url=VIDEO)).file_id
        for n in range(5):
            await client.posts.create_v2(
                account_id=HANDLE, platform="tiktok", scheduled_for=when,
                content={"text": f"filler {n}", "mediaID": [clip]},
                tiktok={"privacyLevel": "SELF_ONLY"},
            )  # fmt: skip
        return str(clip)

    clip = ws.arun(fill())
    spec = PostSpec(
        HANDLE, "tiktok", "one too many ob-q", media=(MediaRef(file_id=clip),),
        scheduled_for=to_iso_z(when), options={"privacyLevel": "SELF_ONLY"},
    )  # fmt: skip
    ws.arun(ws.runner.service.submit_posts([spec]))
    ws.wait(lambda: state_of(panel, "ob-q") == "Queued for next day", "the queued row")
    row = row_of(panel, "ob-q")
    intent: Any = panel.model.intents()[row]
    nxt = when + timedelta(days=1)
    assert parse_iso_utc(intent.queued_for) == nxt
    assert cell(panel, row, "When") == local_time(nxt, "Europe/Berlin")
    assert local_time(nxt, "Europe/Berlin") in cell(panel, row, "Details")
    assert "queued for next day" in panel.summary.text()


def test_a_change_arriving_while_the_app_closes_starts_nothing(workspace: Workspace) -> None:
    """The panel's reload debounce can fire after the tasks were cancelled for closing: it
    is dropped quietly (it once raised "the task keeper is closed" into Qt's event loop)."""
    from s200desk.ui.outbox.panel import RELOAD_MS

    panel = make_panel(workspace)
    workspace.arun(workspace.runner.tasks.aclose())
    panel._on_intents_changed([])  # what the runner's signal does for a late change
    workspace.qtbot.wait(RELOAD_MS + 200)  # the debounce fires; pytest-qt fails on a raise
    assert workspace.runner.tasks.pending == 0
