"""Duplicate a post as a draft: its caption, profile, options and media; time left open."""

from __future__ import annotations

from typing import Any

from s200desk.store.drafts_repo import Draft, DraftsRepo
from s200desk.ui.composer.state import ComposerState


async def duplicate_as_draft(drafts: DraftsRepo, post: Any) -> Draft:
    """Save a copy of ``post`` (a StoredPost, an API Post or a dict) as a new draft.

    Pass the full post (``Session.fetch_post``: the list endpoint leaves the options out). The
    copy has no time (a post's time is usually in the past by now) and names the post it
    came from. Open it with ``ComposerWindow.load(draft_id=...)``.
    """
    state = ComposerState.from_post(post)
    return await drafts.save(drafts.new_id(), state.to_json(), source_post=state.source_post)
