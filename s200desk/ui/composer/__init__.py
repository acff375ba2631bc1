"""The composer (Ctrl+N): one post to several profiles, per-platform options, preview, drafts."""

from s200desk.ui.composer.services import ComposerServices
from s200desk.ui.composer.state import ComposerState, MediaItem
from s200desk.ui.composer.window import ComposerWindow

__all__ = ["ComposerServices", "ComposerState", "ComposerWindow", "MediaItem"]
