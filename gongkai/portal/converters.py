"""URL converters of the public portal."""

from __future__ import annotations


class IndexNumberConverter:
    """索引号 in a path: 前段码/后段码 (`PREFIX/YYYY-NNNNN`). The 前段码 is an organisation code, the hyphen of
    its check digit sometimes kept by imported catalogues (`0142768-8/2022-00185`); the 后段码 is a year
    and a serial. Only digits can follow the slash, so `/attachments/` never reads as part of one."""

    regex = r"[0-9A-Za-z][0-9A-Za-z-]{0,29}/[0-9]{4}-[0-9]{1,6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
