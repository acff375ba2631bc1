"""Which of the chosen platforms gets each dropped file, and which still need media.

A creator drops a video and a picture on a post going to six platforms and expects the video on
every platform that shows videos and the picture on Pinterest, not a refusal because one
platform cannot take one of them. The rule:

- a platform gets a file when it takes that kind at that size (its limits from the platforms
  endpoint); a file no chosen platform takes is refused, with each platform's reason;
- a platform's media stays one kind: none of the platforms mixes videos and pictures in one post
  (a TikTok slideshow is photos only, X and LinkedIn take one video or pictures, YouTube a
  video, a Pin a picture), so a file of the other kind is not added to media it already holds;
  when one drop brings both kinds to a platform that has none, it takes the video(s);
- a file whose kind is not known yet (a web address that could not be looked at) goes to every
  platform, and the API has the last word.

``fold`` then says which list most platforms share (the composer's common media) and which
platforms keep their own. Qt-free: the composer and any other front end call the same rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from s200desk.services.media.validation import PlatformLimits, platform_problems


@dataclass(frozen=True)
class Piece:
    """One file as the rule sees it: a key (file id or URL), its kind and size when known."""

    key: str
    kind: str | None = None  # "image" | "video" | None
    size: int | None = None
    mime: str | None = None


@dataclass(frozen=True)
class Placement:
    """Each chosen platform's media after a drop, and what each new file reached."""

    media: dict[str, list[Piece]]  # platform id -> its media, in order
    reached: dict[str, tuple[str, ...]]  # piece key -> platform ids that got it
    refused: dict[str, str]  # piece key -> why no chosen platform takes it


def kind_of(mime: str | None) -> str | None:
    if not mime:
        return None
    if mime.startswith("image/"):
        return "image"
    return "video" if mime.startswith("video/") else None


def takes(limits: PlatformLimits, piece: Piece) -> bool:
    """Whether this platform takes this file (unknown kind: assume it does)."""
    if piece.kind is None:
        return True
    mime = piece.mime or f"{piece.kind}/*"
    return not platform_problems(mime, piece.size or 0, [limits])


def place(
    new: Sequence[Piece],
    current: Mapping[str, Sequence[Piece]],
    limits: Sequence[PlatformLimits],
) -> Placement:
    """Add ``new`` (in the order given) to the chosen platforms' ``current`` media."""
    media = {p.id: list(current.get(p.id, ())) for p in limits}
    reached: dict[str, list[str]] = {piece.key: [] for piece in new}
    for p in limits:
        held = {m.kind for m in media[p.id] if m.kind}
        wanted = [piece for piece in new if takes(p, piece)]
        kinds = {piece.kind for piece in wanted if piece.kind}
        if not held and kinds == {"image", "video"}:
            held = {"video"}
        for piece in wanted:
            if held and piece.kind is not None and piece.kind not in held:
                continue
            if any(m.key == piece.key for m in media[p.id]):
                reached[piece.key].append(p.id)
                continue
            media[p.id].append(piece)
            reached[piece.key].append(p.id)
            if piece.kind is not None:
                held = {piece.kind}
    refused: dict[str, str] = {}
    for piece in new:
        if reached[piece.key] or not limits:
            continue
        mime = piece.mime or f"{piece.kind}/*"
        refused[piece.key] = " ".join(platform_problems(mime, piece.size or 0, limits))
    return Placement(media, {k: tuple(v) for k, v in reached.items()}, refused)


def fold(
    media: Mapping[str, Sequence[Piece]], order: Sequence[str]
) -> tuple[list[Piece], dict[str, list[Piece]]]:
    """The media most platforms share, and each platform whose media differs from it."""
    if not order:
        return [], {}
    keys = {p: tuple(m.key for m in media.get(p, ())) for p in order}
    counts = Counter(keys.values())
    # Most platforms win; between equals, media over none (an empty shared strip beside a
    # platform holding its own video reads as "nothing attached").
    rank = {k: (n, bool(k)) for k, n in counts.items()}
    best = max(rank.values())
    shared_keys = next(keys[p] for p in order if rank[keys[p]] == best)
    shared_platform = next(p for p in order if keys[p] == shared_keys)
    shared = list(media.get(shared_platform, ()))
    own = {p: list(media.get(p, ())) for p in order if keys[p] != shared_keys}
    return shared, own


def implied_options(
    platform: str, media: Sequence[Piece], options: Mapping[str, object]
) -> dict[str, str]:
    """An option the placed media settles while the user has not chosen it: Instagram's post
    type (one video: a Reel; several items: a carousel). Empty when nothing is implied."""
    if platform != "instagram" or options.get("postType") or options.get("post_type"):
        return {}
    kinds = [m.kind for m in media]
    if kinds == ["video"]:
        return {"postType": "reel"}
    if len(kinds) > 1:
        return {"postType": "carousel"}
    return {}


def still_needs(limits: PlatformLimits, media: Sequence[Piece]) -> str | None:
    """What this platform still needs before it can post ("a video", "a picture"), or None.

    Only platforms that cannot post text alone need media; any file it takes is enough here
    (how many it wants is the post checks' business)."""
    if not limits.needs_media or any(takes(limits, m) for m in media):
        return None
    if limits.takes_videos and not limits.takes_images:
        return "a video"
    if limits.takes_images and not limits.takes_videos:
        return "a picture"
    return "a picture or a video"


__all__ = [
    "Piece", "Placement", "fold", "implied_options", "kind_of", "place", "still_needs", "takes",
]
