"""What the composer holds, as plain data (no Qt): saved as a draft, turned into PostSpecs.

One caption for every target unless a platform has its own (``overrides``); one option object
per platform; the same media for every target; ``when`` is the wall time the user typed in their
own zone ("YYYY-MM-DD HH:MM") or None for "now" — it is resolved to UTC only when sending, so a
draft reopened in another zone, or after a DST change, means what the user meant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from s200desk.services.outbox.model import MediaRef, PostSpec
from s200desk.services.planning.repeat_choices import RepeatChoices

Target = tuple[str, str]  # (platform, account_id)


def clean_options(values: dict[str, Any]) -> dict[str, Any]:
    """Only what the user set: no None, no empty strings or lists (the server's defaults apply)."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or value == "" or value == []:
            continue
        out[key] = value
    return out


@dataclass
class MediaItem:
    """One attached media item: a library file id or a public URL, and what we know of it."""

    file_id: str | None = None
    url: str | None = None
    kind: str | None = None  # 'image' | 'video' | None (unknown until ingested)
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.url or self.file_id or "media"

    def ref(self) -> MediaRef:
        return MediaRef(file_id=self.file_id) if self.file_id else MediaRef(url=self.url)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MediaItem:
        return cls(
            file_id=data.get("file_id"),
            url=data.get("url"),
            kind=data.get("kind"),
            name=str(data.get("name") or ""),
        )


@dataclass
class ComposerState:
    caption: str = ""
    targets: list[Target] = field(default_factory=list)
    overrides: dict[str, str] = field(default_factory=dict)  # platform -> its own caption
    options: dict[str, dict[str, Any]] = field(default_factory=dict)  # platform -> options
    media: list[MediaItem] = field(default_factory=list)
    # platform -> its own media (a Pin's image beside a TikTok video in one post)
    media_overrides: dict[str, list[MediaItem]] = field(default_factory=dict)
    when: str | None = None  # local wall time "YYYY-MM-DD HH:MM" in the user's zone; None: now
    source_post: str | None = None
    repeat: RepeatChoices | None = None  # None: the post does not repeat

    @property
    def platforms(self) -> list[str]:
        """The selected targets' platforms, in order, once each."""
        seen: list[str] = []
        for platform, _account in self.targets:
            if platform not in seen:
                seen.append(platform)
        return seen

    def caption_for(self, platform: str) -> str:
        return self.overrides.get(platform, self.caption)

    def options_for(self, platform: str) -> dict[str, Any]:
        return clean_options(self.options.get(platform, {}))

    def media_for(self, platform: str) -> list[MediaItem]:
        return self.media_overrides.get(platform, self.media)

    def known_types(self) -> dict[str, str]:
        """file id -> a MIME-ish type, for ``validate_post``'s media checks."""
        every = [*self.media, *(m for ms in self.media_overrides.values() for m in ms)]
        return {m.file_id: f"{m.kind}/*" for m in every if m.file_id and m.kind}

    def specs(self, scheduled_for: str | None) -> list[PostSpec]:
        """One PostSpec per target (the outbox fans them out concurrently)."""
        return [
            PostSpec(
                account_id=account,
                platform=platform,
                text=self.caption_for(platform),
                media=tuple(m.ref() for m in self.media_for(platform)),
                scheduled_for=scheduled_for,
                options=self.options_for(platform),
            )
            for platform, account in self.targets
        ]

    def is_empty(self) -> bool:
        return not (self.caption.strip() or self.targets or self.media or self.overrides)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "caption": self.caption,
            "targets": [list(t) for t in self.targets],
            "overrides": dict(self.overrides),
            "options": {p: dict(o) for p, o in self.options.items()},
            "media": [m.to_json() for m in self.media],
            "media_overrides": {
                p: [m.to_json() for m in ms] for p, ms in self.media_overrides.items()
            },
            "when": self.when,
            "source_post": self.source_post,
            "repeat": self.repeat.to_json() if self.repeat and self.repeat.repeats else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ComposerState:
        return cls(
            caption=str(data.get("caption") or ""),
            targets=[(str(t[0]), str(t[1])) for t in data.get("targets") or [] if len(t) == 2],
            overrides={str(k): str(v) for k, v in (data.get("overrides") or {}).items()},
            options={str(k): dict(v) for k, v in (data.get("options") or {}).items()},
            media=[MediaItem.from_json(m) for m in data.get("media") or []],
            media_overrides={
                str(p): [MediaItem.from_json(m) for m in ms]
                for p, ms in (data.get("media_overrides") or {}).items()
            },
            when=data.get("when"),
            source_post=data.get("source_post"),
            repeat=RepeatChoices.from_json(data["repeat"]) if data.get("repeat") else None,
        )

    @classmethod
    def at(cls, moment: datetime, zone: str) -> ComposerState:
        """An empty post for a given instant (the calendar's "new post here"), in wall time."""
        local = moment.astimezone(ZoneInfo(zone))
        return cls(when=local.strftime("%Y-%m-%d %H:%M"))

    @classmethod
    def from_post(cls, post: Any) -> ComposerState:
        """A copy of a stored or fetched post, for "duplicate as draft" (time left empty)."""
        get = post.get if isinstance(post, dict) else lambda k: getattr(post, k, None)
        platform = str(getattr(get("platform"), "value", get("platform")) or "")
        media: list[MediaItem] = []
        for item in get("media") or []:
            iget = item.get if isinstance(item, dict) else lambda k, i=item: getattr(i, k, None)
            mime = str(iget("type") or "")
            kind = "image" if mime.startswith("image/") else "video" if mime else None
            if iget("file_id"):
                media.append(MediaItem(file_id=str(iget("file_id")), kind=kind))
        options = dict(get("platform_options") or {})
        return cls(
            caption=str(get("caption") or ""),
            targets=[(platform, str(get("account_id") or ""))] if platform else [],
            options={platform: options} if options else {},
            media=media,
            source_post=str(get("id") or "") or None,
        )
