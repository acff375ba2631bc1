"""Before a post goes out: warn when the day is full, so the cap does not move it by surprise.

The count is ``services.quotas`` (the server's posts plus the outbox's), the same the composer and
the calendar use. The command line has no running sync, so the posts of the platforms involved are
listed into the store first; the plan is the one the server's ``X-RateLimit-Limit`` names (the
settings' plan when the server did not say). Best effort: a failed read only skips the warning.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from s200desk.cli.context import Context, err
from s200desk.config import PLAN_DAILY_LIMITS, Plan
from s200desk.services.post_rules import daily_cap
from s200desk.services.quotas import CapWarning, DailyQuota
from s200desk.store.repos import PostsRepo

log = logging.getLogger(__name__)

Target = tuple[str, str]


def plan_for(ctx: Context, platform: str) -> Plan | str:
    """The plan whose cap the server's last ``X-RateLimit-Limit`` for ``platform`` names; the
    settings' plan when the server has not said."""
    limit = getattr(ctx.client.rate_limits.get(platform), "limit", None)
    unlimited = getattr(ctx.client.rate_limits.get(platform), "unlimited", False)
    for plan, cap in PLAN_DAILY_LIMITS.items():
        if (unlimited and cap is None) or (limit is not None and cap == limit):
            return plan
    return ctx.settings.plan


def cap_for(ctx: Context, platform: str) -> int | None:
    """Posts a day per profile on ``platform`` (None: unlimited), as ``plan_for`` reads it."""
    return daily_cap(plan_for(ctx, platform))


async def refresh_posts(ctx: Context, platforms: Iterable[str]) -> None:
    """List the platforms' posts into the store (the command line runs no sync), which also
    reads each platform's ``X-RateLimit-Limit``. Raises what the client raises."""
    repo = PostsRepo(ctx.db)
    for platform in sorted(set(platforms)):
        await repo.upsert_many(await ctx.client.posts.list_all(platform=platform))


async def full_day_warnings(
    ctx: Context, posts: Sequence[tuple[Target, datetime | None]], *, quiet: bool = False
) -> list[CapWarning]:
    """Warnings (printed on stderr unless ``quiet``) for posts whose UTC day is at the cap."""
    quota = DailyQuota(PostsRepo(ctx.db), ctx.service)
    out: list[CapWarning] = []
    try:
        await refresh_posts(ctx, (target[0] for target, _ in posts))
        for target, when in posts:
            moment = when or datetime.now(UTC)
            out.extend(await quota.full_days([target], moment, plan_for(ctx, target[0])))
    except Exception:  # the warning is a courtesy; the post itself decides nothing here
        log.warning("could not count the day's posts", exc_info=True)
        return out
    if not quiet:
        for warning in out:
            err(f"warning: {warning.sentence()}")
    return out
