"""Which outbox and post changes earn a notification, and what it says."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from s200desk.services.notifications import NoticeKind, NoticeRule, NotifyPrefs, attention_count
from s200desk.services.outbox import Intent, IntentKind, IntentState

ALL = NotifyPrefs()


def intent(state: IntentState, **kw: object) -> Intent:
    base = Intent(id="i1", kind=IntentKind.CREATE, state=state, platform="tiktok",
                  account_id="@studio", payload={"text": "Launch day"}, post_id="p1")
    return replace(base, **kw)  # type: ignore[arg-type]


def test_only_a_change_seen_happening_is_news() -> None:
    rule = NoticeRule("Europe/Berlin")
    assert rule.for_intent(intent(IntentState.FAILED), ALL) is None  # failed before we looked
    rule = NoticeRule("Europe/Berlin")
    assert rule.for_intent(intent(IntentState.PENDING), ALL) is None
    notice = rule.for_intent(intent(IntentState.FAILED, last_error="caption too long"), ALL)
    assert notice is not None and notice.kind is NoticeKind.FAILED
    assert notice.body == "TikTok @studio: “Launch day”. caption too long"
    assert rule.for_intent(intent(IntentState.FAILED), ALL) is None  # no repeat


def test_queued_says_the_new_day_in_the_users_zone() -> None:
    rule = NoticeRule("Europe/Berlin")
    rule.know_intents([intent(IntentState.SENDING)])
    day = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=2)
    notice = rule.for_intent(
        intent(IntentState.QUEUED_FOR_NEXT_DAY, queued_for=day.isoformat().replace("+00:00", "Z")),
        ALL,
    )
    assert notice is not None and notice.title == "Queued for the next day"
    local = day.astimezone(ZoneInfo("Europe/Berlin"))
    assert f"{local:%a} {local.day} {local:%b, %H:%M}" in notice.body


def test_a_scheduled_send_is_not_published_yet_and_prefs_switch_kinds_off() -> None:
    rule = NoticeRule()
    rule.know_intents([intent(IntentState.SENDING)])
    later = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    scheduled = intent(IntentState.DONE, payload={"text": "x", "scheduled_for": later})
    assert rule.for_intent(scheduled, ALL) is None
    rule = NoticeRule()
    rule.know_intents([intent(IntentState.SENDING)])
    assert rule.for_intent(intent(IntentState.DONE), NotifyPrefs(published=False)) is None


def test_a_synced_post_publishing_or_failing_is_news_once() -> None:
    rule = NoticeRule()
    post = SimpleNamespace(id="p7", status="scheduled", platform="x", account_id="@a",
                           caption="Hello")
    assert rule.for_post(post, ALL) is None  # first sight
    post.status = "published"
    notice = rule.for_post(post, ALL)
    assert notice is not None and notice.title == "Published" and notice.post_id == "p7"
    assert rule.for_post(post, ALL) is None
    other = SimpleNamespace(id="p8", status="published", platform="x", account_id="@a", caption="")
    assert rule.for_post(other, ALL) is None  # never seen waiting: not news


def test_attention_count_counts_failed_and_needs_attention_creates() -> None:
    items = [intent(IntentState.FAILED), intent(IntentState.NEEDS_ATTENTION, id="i2"),
             intent(IntentState.DONE, id="i3"), intent(IntentState.FAILED, id="i4",
                                                       kind=IntentKind.CANCEL)]
    assert attention_count(items) == 2
