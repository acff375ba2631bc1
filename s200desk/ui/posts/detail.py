"""PostDetailPane: the whole post (fetched with get post), Edit and Cancel for scheduled posts.

Platform options show as labelled fields with the composer's labels (``services.option_labels``).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from s200desk.services.option_labels import labelled_options
from s200desk.services.post_rules import refusal
from s200desk.ui.formatting import as_utc, format_when, status_label, zone
from s200desk.ui.icons import platform_icon, platform_label
from s200desk.ui.posts.model import PostLike
from s200desk.ui.qt import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.spoken import speak_text


def _field(post: Any, name: str) -> Any:
    if isinstance(post, Mapping):
        return post.get(name)
    return getattr(post, name, None)


class PostDetailPane(QFrame):
    """Shows one post. Emits ``cancel_requested(post_id)`` and ``edit_requested(post_id)``; the
    window decides what they do."""

    cancel_requested = Signal(str)
    edit_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setAccessibleName("Post details")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumWidth(280)
        self._post_id: str | None = None
        self._status: str = ""
        self._tz_name: str | None = None

        self.icon = QLabel(self)
        self.icon.setObjectName("detailIcon")
        self.icon.setAccessibleName("Platform")
        self.title = QLabel("No post selected", self)
        self.title.setObjectName("pageTitle")
        self.title.setAccessibleName("Post title")
        self.title.setWordWrap(True)
        self.meta = QLabel("Pick a post in the list to see all of it here.", self)
        self.meta.setObjectName("detailMeta")
        self.meta.setAccessibleName("Post summary")
        speak_text(self.title, self.meta)  # "Post title: TikTok · @lumenstudio", not the name alone
        self.meta.setWordWrap(True)
        self.body = QTextBrowser(self)
        self.body.setObjectName("detailBody")
        self.body.setAccessibleName("Post content")
        self.body.setOpenExternalLinks(False)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.cancel_button = QPushButton("Cancel post", self)
        self.cancel_button.setObjectName("dangerButton")
        self.cancel_button.setAccessibleName("Cancel scheduled post")
        self.cancel_button.setToolTip("Cancel this scheduled post so it is never published")
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.cancel_button.hide()
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setObjectName("editPostButton")
        self.edit_button.setAccessibleName("Edit scheduled post")
        self.edit_button.setToolTip(
            "Open this post in the composer with everything it has; saving replaces it"
        )
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.edit_button.hide()

        header = QHBoxLayout()
        header.setSpacing(10)
        header.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 16)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.meta)
        layout.addWidget(self.body, 1)
        layout.addStretch()  # with no post (no body) the words stay together at the top
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.body.hide()

    @property
    def post_id(self) -> str | None:
        return self._post_id

    def set_time_zone(self, name: str | None) -> None:
        self._tz_name = name

    def clear(self) -> None:
        self._post_id = None
        self._status = ""
        self.icon.clear()
        self.title.setText("No post selected")
        self.meta.setText("Pick a post in the list to see all of it here.")
        self.body.hide()
        self.cancel_button.hide()
        self.edit_button.hide()

    def show_row(self, row: PostLike) -> None:
        """Show what the list already knows (with the stored details, when a full read was
        kept: offline too); the full post follows via :meth:`show_post`."""
        self._post_id = row.id
        known = getattr(row, "details_at", None) is not None
        self._render(
            row.id,
            row.platform,
            row.account_id,
            row.status,
            row.caption,
            {
                "scheduled_for": row.scheduled_for,
                "published_at": row.published_at,
                "created_at": row.created_at,
            },
            {
                "platform_post_id": getattr(row, "platform_post_id", None),
                "media": getattr(row, "media", None),
                "platform_options": getattr(row, "platform_options", None),
            }
            if known
            else None,
            loading=True,
        )

    def show_post(self, post: Any) -> None:
        """Show the full post as ``posts.get`` returned it."""
        post_id = str(_field(post, "id"))
        if post_id != self._post_id:
            return  # the user moved on while it loaded
        extra = {
            "platform_post_id": _field(post, "platform_post_id"),
            "media": _field(post, "media"),
            "platform_options": _field(post, "platform_options"),
        }
        times = {k: _field(post, k) for k in ("scheduled_for", "published_at", "created_at")}
        self._render(
            post_id,
            str(getattr(_field(post, "platform"), "value", _field(post, "platform"))),
            str(_field(post, "account_id") or ""),
            str(getattr(_field(post, "status"), "value", _field(post, "status")) or ""),
            str(_field(post, "caption") or ""),
            times,
            extra,
            loading=False,
        )

    def show_error(self, post_id: str, message: str) -> None:
        """The full read failed: the list's fields stay, "loading…" gives way to why."""
        if post_id == self._post_id:
            self.meta.setText(f"{status_label(self._status)}\n{message}")

    def _render(
        self,
        post_id: str,
        platform: str,
        account: str,
        status: str,
        caption: str,
        times: dict[str, Any],
        extra: dict[str, Any] | None,
        loading: bool,
    ) -> None:
        self._status = status
        tz = zone(self._tz_name)
        self.icon.setPixmap(platform_icon(platform).pixmap(36, 36))
        self.title.setText(f"{platform_label(platform)} · {account}")
        self.meta.setText(f"{status_label(status)}" + (" · loading full post…" if loading else ""))
        rows = []
        labels = {
            "scheduled_for": "Scheduled for",
            "published_at": "Published",
            "created_at": "Created",
        }
        for key, label in labels.items():
            when = as_utc(times.get(key))
            if when is not None:
                rows.append((label, format_when(when, tz)))
        rows.append(("Post id", post_id))
        if extra:
            if extra.get("platform_post_id"):
                rows.append(("Platform post id", str(extra["platform_post_id"])))
            media = extra.get("media") or []
            for index, item in enumerate(media, 1):
                label = "Media" if len(media) == 1 else f"Media {index}"
                rows.append((label, f"{_field(item, 'type') or 'file'} "
                                    f"({_size(_field(item, 'size'))})"))
            options = _plain(extra.get("platform_options") or {})
            rows.extend(labelled_options(platform, options))
        table = "".join(
            f"<tr><td style='padding:2px 12px 2px 0;color:gray'>{html.escape(k)}</td>"
            f"<td style='padding:2px 0'>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        caption_html = html.escape(caption).replace("\n", "<br>") or "<i>No caption</i>"
        self.body.setHtml(
            f"<p style='font-size:14px;line-height:140%'>{caption_html}</p><table>{table}</table>"
        )
        self.body.show()
        self.cancel_button.setVisible(status == "scheduled")
        self.cancel_button.setEnabled(True)
        why = refusal({"status": status})
        self.edit_button.setVisible(status in ("scheduled", "pending", "published"))
        self.edit_button.setEnabled(why is None)
        self.edit_button.setToolTip(
            "Open this post in the composer with everything it has; saving replaces it"
            if why is None
            else f"This post can no longer be changed: {why}."
        )

    def set_cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")

    def reset_cancel_button(self) -> None:
        self.cancel_button.setText("Cancel post")
        self.cancel_button.setEnabled(True)

    def _on_edit_clicked(self) -> None:
        if self._post_id and refusal({"status": self._status}) is None:
            self.edit_requested.emit(self._post_id)

    def _on_cancel_clicked(self) -> None:
        if self._post_id and self._status == "scheduled":
            self.cancel_requested.emit(self._post_id)


def _size(value: Any) -> str:
    try:
        n = float(value)
    except (TypeError, ValueError):
        return "size unknown"
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def _plain(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    return dump(mode="json", exclude_none=True) if callable(dump) else value
