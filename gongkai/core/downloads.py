"""Downloads of stored uploads and generated documents under their original (Chinese) names."""

from __future__ import annotations

from urllib.parse import quote

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def attachment_disposition(filename: str, fallback: str) -> str:
    """Both forms of RFC 6266: an ASCII name for old clients, the Chinese one as RFC 5987 filename*."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def ascii_fallback(stem: str, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"{stem}.{suffix}"


def stored_file_response(
    file: FieldFile, *, filename: str, content_type: str, fallback_stem: str
) -> FileResponse:
    """The stored file as a download; 404 (not 500) when the file has gone missing from storage."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("附件文件已不存在") from exc
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = attachment_disposition(
        filename, ascii_fallback(fallback_stem, filename)
    )
    return response
