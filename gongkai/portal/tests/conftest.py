from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage

from gongkai.catalogue.models import Attachment


@pytest.fixture
def attachment_storage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Catalogue attachments land in a temporary folder. The field's storage is built once at import,
    so overriding MEDIA_ROOT would not move it."""
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path))
    return tmp_path
