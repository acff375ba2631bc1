"""Media: checked by content, hosted for a public URL, ingested through the outbox (no Qt here).

See ``service`` for the life of one item, ``validation`` for what is refused and why, ``hosts``
and ``sigv4`` for the S3-compatible presigned PUT, ``host_settings`` for settings and keys.
"""

from s200desk.services.media.host_settings import (
    HostCredentialStore,
    MediaHostSettings,
    load_host_settings,
    make_host,
    save_host_settings,
)
from s200desk.services.media.hosts import (
    EmulatorHost,
    HostError,
    HostNotConfigured,
    MediaHost,
    S3Credentials,
    S3Host,
)
from s200desk.services.media.service import (
    MEDIA,
    MEDIA_REMOVED,
    MediaService,
    open_media_service,
)
from s200desk.services.media.validation import (
    CheckedMedia,
    MediaRejected,
    PlatformLimits,
    check_file,
    check_for_platforms,
    human_size,
    platform_problems,
)

__all__ = [
    "MEDIA",
    "MEDIA_REMOVED",
    "CheckedMedia",
    "EmulatorHost",
    "HostCredentialStore",
    "HostError",
    "HostNotConfigured",
    "MediaHost",
    "MediaHostSettings",
    "MediaRejected",
    "MediaService",
    "PlatformLimits",
    "S3Credentials",
    "S3Host",
    "check_file",
    "check_for_platforms",
    "human_size",
    "load_host_settings",
    "make_host",
    "open_media_service",
    "platform_problems",
    "save_host_settings",
]
