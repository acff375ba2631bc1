"""The question asked when the composer is closed with changes: Save draft, Discard, Keep editing.

Opened with open() (never exec() under qasync); ``on_choice`` gets "save", "discard" or "keep".
"""

from __future__ import annotations

from collections.abc import Callable

from s200desk.ui.qt import QMessageBox, QWidget

SAVE, DISCARD, KEEP = "save", "discard", "keep"


def ask_unsaved(parent: QWidget, on_choice: Callable[[str], None]) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("composerCloseQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Close the composer?")
    box.setText("Save this post as a draft before closing?")
    box.setInformativeText(
        "A saved draft waits under Drafts… in the composer. Discard throws these changes away."
    )
    save = box.addButton("Save draft", QMessageBox.ButtonRole.AcceptRole)
    save.setObjectName("closeSaveDraft")
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    discard.setObjectName("closeDiscard")
    keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
    keep.setObjectName("closeKeepEditing")
    box.setDefaultButton(save)
    box.setEscapeButton(keep)
    choices = {save: SAVE, discard: DISCARD, keep: KEEP}

    def finished(_result: int) -> None:
        clicked = box.clickedButton()
        box.deleteLater()
        on_choice(choices.get(clicked, KEEP))  # type: ignore[call-overload]

    box.finished.connect(finished)
    box.open()
    return box
