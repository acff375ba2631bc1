"""PreviewPane: one card per chosen profile, in the order of the profiles list."""

from __future__ import annotations

from collections.abc import Sequence

from s200desk.services.outbox import Intent, IntentState
from s200desk.ui.composer.form import section
from s200desk.ui.composer.preview import PreviewCard
from s200desk.ui.composer.state import ComposerState, Target
from s200desk.ui.outbox.colours import state_colour
from s200desk.ui.outbox.words import local_time
from s200desk.ui.qt import QLabel, QtWidgets, QVBoxLayout, QWidget
from s200desk.ui.theme import set_tone


class PreviewPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composerPreviewPane")
        self.setAccessibleName("Preview")
        self.cards: dict[Target, PreviewCard] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 0, 0, 0)
        column.addWidget(section("Preview", self))
        scroll = QtWidgets.QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.box = QWidget(scroll)
        self.box.setObjectName("previewBox")
        self.box.setAccessibleName("Previews per profile")
        self.cards_column = QVBoxLayout(self.box)
        self.cards_column.setContentsMargins(0, 0, 0, 0)
        self.cards_column.setSpacing(10)
        self.empty = QLabel("Choose profiles to see how the post will look.", self)
        set_tone(self.empty, "muted")
        self.empty.setWordWrap(True)  # a narrow preview wraps it, not a scroll bar under it
        self.cards_column.addWidget(self.empty)
        self.cards_column.addStretch(1)
        scroll.setWidget(self.box)
        column.addWidget(scroll, 1)

    def sync(self, targets: Sequence[Target], names: dict[Target, str]) -> None:
        """A card per target, in order; cards of targets no longer chosen go."""
        for key in list(self.cards):
            if key not in targets:
                self.cards.pop(key).deleteLater()
        for key in targets:
            if key not in self.cards:
                self.cards[key] = PreviewCard(key[0], key[1], names.get(key, key[1]), self.box)
        for key in targets:
            self.cards_column.removeWidget(self.cards[key])
        for i, key in enumerate(targets):
            self.cards_column.insertWidget(i, self.cards[key])
        self.empty.setVisible(not targets)

    def update_content(self, state: ComposerState, when_words: str) -> None:
        for (platform, _account), card in self.cards.items():
            card.update_content(
                state.caption_for(platform),
                state.options_for(platform),
                state.media_for(platform),
                when_words,
            )

    def show_outcome(self, intent: Intent, zone: str) -> None:
        """A post Status 200 queued for another day: the card says which day."""
        card = self.cards.get((intent.platform or "", intent.account_id or ""))
        if card is not None and intent.state is IntentState.QUEUED_FOR_NEXT_DAY:
            when = local_time(intent.queued_for, zone)
            card.meta.setText(f"Queued for {when} (the day was full)")
            card.meta.setStyleSheet(f"color: {state_colour(intent.state)}; font-size: 11px;")
