"""Which intents this sender may send, settled before it sends anything.

Every intent belongs to the identity (key fingerprint + server) it was recorded under, and only
that identity sends it. At the start of each sender run:

1. Intents recorded before identities were noted (no identity yet) are adopted, but only by the
   workspace's own key (``adopt_unbound``): until then a workspace had one key, so they are its.
   A key from ``S200_API_KEY`` opening a workspace adopts nothing.
2. Intents of another identity at the same server move to this one when this key sees exactly
   the profiles the other key saw when last checked: a rotated key of the same account (the API
   exposes no account id; docs/api-notes.md). The check needs that earlier look, so the sender
   notes what its key sees (``note_profiles``) whenever it has something to send.
3. Everything else waits, untouched; ``waiting`` says what, for the user to be told.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from s200desk.api.errors import Status200Error
from s200desk.services.outbox.identity import KeyIdentity, WaitingIntents, profile_set
from s200desk.services.outbox.store import IntentStore

log = logging.getLogger(__name__)

# After a failed look at the profiles (offline), how long before the next one.
PROFILES_RETRY = timedelta(seconds=60)


class IdentityBinding:
    """Adopts, moves and holds back intents by identity; see the module's docstring."""

    def __init__(
        self,
        store: IntentStore,
        client: Any,
        identity: KeyIdentity,
        *,
        adopt_unbound: bool,
        now: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.client = client
        self.identity = identity
        self.adopt_unbound = adopt_unbound
        self._now = now
        self.waiting: list[WaitingIntents] = []
        self._noted = False
        self._last_look: datetime | None = None

    async def settle(self) -> list[WaitingIntents]:
        """Adopt, move what belongs to this account, and return what must wait."""
        if self.adopt_unbound:
            adopted = await self.store.adopt_unbound()
            if adopted:
                log.info(
                    "%d outbox intents from before identities were noted now belong to %s",
                    adopted,
                    self.identity.describe(),
                )
        others = await self.store.waiting_elsewhere()
        current: list[str] | None = None
        if others or await self.store.count_active_mine():
            current = await self._look()
        waiting: list[WaitingIntents] = []
        for group in others:
            if group.identity is not None and await self._same_account(group.identity, current):
                moved = await self.store.rebind(group.identity)
                log.info(
                    "%d outbox intents of %s move to %s: it sees the same profiles",
                    moved,
                    group.identity.describe(),
                    self.identity.describe(),
                )
            else:
                waiting.append(group)
        self.waiting = waiting
        if waiting:
            log.warning(
                "%d outbox intents wait for another key or server",
                sum(w.count for w in waiting),
            )
        return waiting

    async def note_profiles(self) -> None:
        """Note what this key sees, once per run (retried while offline), before it sends."""
        if self._noted:
            return
        if self._last_look is not None and self._now() - self._last_look < PROFILES_RETRY:
            return
        await self._look()

    async def _same_account(self, other: KeyIdentity, current: list[str] | None) -> bool:
        if not current or other.base_url != self.identity.base_url:
            return False
        seen = await self.store.profiles_of(other)
        return seen is not None and seen == current

    async def _look(self) -> list[str] | None:
        self._last_look = self._now()
        try:
            profiles = await self.client.profiles.list()
        except Status200Error as exc:
            log.info("could not read this key's profiles yet (%s)", type(exc).__name__)
            return None
        current = profile_set(profiles)
        await self.store.save_profiles(current)
        self._noted = True
        return current
