"""Well-formed codes for fictional agencies (demo city, tests). Real agencies use their own
统一社会信用代码; these only need to pass the same check characters."""

from __future__ import annotations

from gongkai.core.identifiers import org_code_check_char, uscc_check_char

# "11" = 机关 registered by the 机构编制 authority; 359900 is not an allocated division code, so a
# generated code can never collide with a real agency's.
FICTIONAL_PREFIX = "11359900"


def fictional_uscc(serial: int) -> str:
    if not 0 < serial < 10**8:
        raise ValueError("serial must have at most 8 digits")
    body = f"{serial:08d}"
    org_code = body + org_code_check_char(body)
    first17 = FICTIONAL_PREFIX + org_code
    return first17 + uscc_check_char(first17)
