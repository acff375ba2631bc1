"""Media in the UI: the drop zone, the library grid and the attached-media strip.

``DropZone`` (files, browser URLs, paste, picker) → ``MediaUploader`` (MediaService tasks,
per-file progress and cancel) → ``MediaLibraryPage`` (grid over ``MediaLibraryModel``) and
``AttachedMediaList`` (order kept for carousels and slideshows).
"""

from s200desk.ui.media.attached import AttachedMediaList, AttachedMediaModel
from s200desk.ui.media.composer_panel import ComposerMediaPanel
from s200desk.ui.media.drop_zone import DropZone, UploadRow, sources_from_mime
from s200desk.ui.media.host_dialog import MediaHostDialog
from s200desk.ui.media.library_page import MediaLibraryPage
from s200desk.ui.media.model import LIBRARY_MIME, MediaLibraryModel
from s200desk.ui.media.uploader import MediaUploader

__all__ = [
    "LIBRARY_MIME",
    "AttachedMediaList",
    "AttachedMediaModel",
    "ComposerMediaPanel",
    "DropZone",
    "MediaHostDialog",
    "MediaLibraryModel",
    "MediaLibraryPage",
    "MediaUploader",
    "UploadRow",
    "sources_from_mime",
]
