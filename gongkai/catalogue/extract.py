"""Text of an attachment, for search and the personal-data scan. (Interface; the readers follow.)"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    text: str
    note: str = ""  # why there is no text, shown to staff


def extract_text(filename: str, data: bytes) -> Extracted:
    return Extracted("", "尚不支持提取该格式的文字")
