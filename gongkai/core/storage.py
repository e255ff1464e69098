"""Upload storage under a folder of MEDIA_ROOT that follows the setting at run time.

A FileSystemStorage built with an explicit location freezes MEDIA_ROOT when the model class is built,
so a test (or a deployment that sets MEDIA_ROOT late) would write into the wrong tree. Deriving the
folder lazily lets Django's own setting_changed reset apply to it."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class MediaSubdirStorage(FileSystemStorage):
    def __init__(self, subdir: str) -> None:
        super().__init__()
        self._subdir = subdir

    @cached_property
    def base_location(self) -> str:
        return str(Path(settings.MEDIA_ROOT) / self._subdir)

    @cached_property
    def base_url(self) -> str | None:  # type: ignore[override]
        # Never served by URL: downloads go through views that check permissions.
        return None
