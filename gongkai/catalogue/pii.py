"""Personal-data scan for the 条例 第十七条 confidentiality review before 主动公开.

Before a reviewer approves a catalogue item for publishing, its text and the text extracted
from its attachments are scanned with :func:`scan`. The hits are shown with :func:`highlight`
and publishing stays blocked until they are removed (:func:`redact` offers a masked version)
or the reviewer records why they may stay.

What is found:

* 居民身份证号码 — 18 characters with a valid GB 11643 check character, a real province code
  and a real birth date between 1900-01-01 and ``today`` (checked by
  :func:`gongkai.core.identifiers.validate_resident_id`); also written 6-8-4 with single spaces.
  The old 15-digit numbers are **not** reported: they carry no check digit, so any 15-digit
  number with a plausible date would match and the reviewer would drown in false alarms.
  (A 15-digit number can still be reported as a bank card when it passes the Luhn check.)
* 手机号码 — ``1[3-9]`` plus 9 digits, contiguous or written 3-4-4 with spaces or hyphens, with an
  optional ``+86`` / ``0086`` / ``86`` prefix. Landlines (``0591-87654321``) do not match, and a
  number directly after a bracketed year is a 文号 serial (``〔2026〕13800138000号``), not a phone.
* 银行卡号 — 13–19 digits, contiguous or in groups of four separated by single spaces or hyphens,
  beginning with a common BIN prefix (62 银联, 4 Visa, 5 Mastercard, 3 JCB/Amex) and passing the
  Luhn check.
* 电子邮箱 — ``local@domain.tld`` in ASCII.

Numbers count only when they stand alone: no digit or Latin letter directly before or after
them, no ``<digit>-`` before or ``-<digit>`` after (so a slice of a longer digit run, of a
统一社会信用代码 or of a hyphenated number is never reported), and no ``@`` after (digits before
an ``@`` belong to an address, which is reported as a whole). Where candidates overlap, the
longest wins (``13800138000@163.com`` is one address) and among equally long ones the most
specific kind (身份证 > 手机 > 银行卡 > 邮箱). A candidate that lost to an overlapping hit is masked
by :func:`redact` as well if masking the hit uncovers it.

Full-width forms typed with Chinese input methods (``０``–``９``, ``＠``, ``＋``, ``－``, full-width
letters and the ideographic space) are folded one character to one character before matching,
so every span refers to the original text.

Pure Python (no Django).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from gongkai.core.identifiers import InvalidIdentifier, validate_resident_id

__all__ = ["LABELS", "Hit", "Kind", "highlight", "redact", "scan"]


class Kind(StrEnum):
    RESIDENT_ID = "resident_id"
    MOBILE = "mobile"
    BANK_CARD = "bank_card"
    EMAIL = "email"


LABELS: dict[Kind, str] = {
    Kind.RESIDENT_ID: "身份证号码",
    Kind.MOBILE: "手机号码",
    Kind.BANK_CARD: "银行卡号",
    Kind.EMAIL: "电子邮箱",
}

# Lower is more specific; used to break ties between equally long overlapping candidates.
_SPECIFICITY: dict[Kind, int] = {Kind.RESIDENT_ID: 0, Kind.MOBILE: 1, Kind.BANK_CARD: 2, Kind.EMAIL: 3}


@dataclass(frozen=True)
class Hit:
    kind: Kind
    start: int
    end: int
    text: str
    label: str


# Full-width ASCII block U+FF01–U+FF5E → U+0021–U+007E and the ideographic space → space.
# Strictly one code point to one code point, so offsets in the folded text are offsets in the original.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _fold(text: str) -> str:
    return text.translate(_FOLD)


# A number stands alone: no digit or Latin letter next to it, not continued by a hyphen and digits,
# and not followed by "@" (then it is the local part of an address, reported as an e-mail).
_NUM_BEFORE = r"(?<![0-9A-Za-z])(?<![0-9]-)"
_NUM_AFTER = r"(?![0-9A-Za-z@])(?!-[0-9])"

_RESIDENT_ID = re.compile(_NUM_BEFORE + r"[1-9][0-9]{5}( ?)[0-9]{8}\1[0-9]{3}[0-9Xx]" + _NUM_AFTER)
_MOBILE = re.compile(
    _NUM_BEFORE
    + r"(?P<prefix>(?:\+86|0086|86)[ -]?)?"
    + r"1[3-9][0-9](?:[0-9]{8}|(?P<sep>[ -])[0-9]{4}(?P=sep)[0-9]{4})"
    + _NUM_AFTER
)
_BANK_CARD = re.compile(
    _NUM_BEFORE
    + r"(?:[0-9]{13,19}|[0-9]{4}(?P<sep>[ -])[0-9]{4}(?:(?P=sep)[0-9]{4}){1,2}(?:(?P=sep)[0-9]{1,4})?)"
    + _NUM_AFTER
)
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+@-])"
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}"
    r"(?![A-Za-z0-9_%+@-])(?!\.[A-Za-z0-9])"
)
# 〔2026〕, [2026], (2026), 【2026】 directly before a number: the number is a 文号 serial.
_DOC_YEAR = re.compile(r"[〔\[(【〖][ ]?[0-9]{4}[ ]?[〕\])】〗][ ]?\Z")

_BANK_PREFIXES = ("62", "3", "4", "5")
_BANK_LENGTHS = range(13, 20)


def _digits(text: str) -> str:
    return "".join(c for c in text if "0" <= c <= "9")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char)
        if i % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _after_doc_year(folded: str, start: int) -> bool:
    return _DOC_YEAR.search(folded, max(0, start - 8), start) is not None


def _candidates(folded: str, today: date) -> list[tuple[Kind, int, int]]:
    found: list[tuple[Kind, int, int]] = []
    for match in _RESIDENT_ID.finditer(folded):
        try:
            validate_resident_id(match.group(), today=today)
        except InvalidIdentifier:
            continue
        found.append((Kind.RESIDENT_ID, match.start(), match.end()))
    for match in _MOBILE.finditer(folded):
        if not _after_doc_year(folded, match.start()):
            found.append((Kind.MOBILE, match.start(), match.end()))
    for match in _BANK_CARD.finditer(folded):
        digits = _digits(match.group())
        if (
            len(digits) in _BANK_LENGTHS
            and digits.startswith(_BANK_PREFIXES)
            and _luhn_ok(digits)
            and not _after_doc_year(folded, match.start())
        ):
            found.append((Kind.BANK_CARD, match.start(), match.end()))
    found.extend((Kind.EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(folded))
    return found


def scan(text: str, *, today: date) -> list[Hit]:
    """Personal data in ``text``, sorted by position and never overlapping."""
    folded = _fold(text)
    candidates = _candidates(folded, today)
    # The longest candidate wins, then the most specific kind.
    candidates.sort(key=lambda c: (-(c[2] - c[1]), _SPECIFICITY[c[0]], c[1]))
    # Accepted spans, kept sorted by start; they never overlap, so their ends are sorted too.
    starts: list[int] = []
    chosen: list[tuple[Kind, int, int]] = []
    for kind, start, end in candidates:
        i = bisect_left(starts, start)
        if i > 0 and chosen[i - 1][2] > start:
            continue
        if i < len(chosen) and chosen[i][1] < end:
            continue
        starts.insert(i, start)
        chosen.insert(i, (kind, start, end))
    return [Hit(kind, start, end, text[start:end], LABELS[kind]) for kind, start, end in chosen]


def _ordered(text: str, hits: Sequence[Hit]) -> list[Hit]:
    ordered = sorted(hits, key=lambda h: h.start)
    previous_end = 0
    for hit in ordered:
        if hit.start < previous_end or hit.end > len(text) or hit.start >= hit.end:
            raise ValueError(f"命中位置无效或相互重叠：{hit.start}–{hit.end}")
        if text[hit.start : hit.end] != hit.text:
            raise ValueError(f"命中内容与原文不一致：{hit.start}–{hit.end}")
        previous_end = hit.end
    return ordered


def highlight(
    text: str,
    hits: Sequence[Hit],
    *,
    before: str = "<mark>",
    after: str = "</mark>",
    escape: Callable[[str], str] = html.escape,
) -> str:
    """``text`` escaped for HTML with every hit wrapped in ``before``/``after`` (inserted verbatim)."""
    parts: list[str] = []
    position = 0
    for hit in _ordered(text, hits):
        parts.extend((escape(text[position : hit.start]), before, escape(hit.text), after))
        position = hit.end
    parts.append(escape(text[position:]))
    return "".join(parts)


def _mask_characters(original: str, keep: Callable[[int, int], bool], significant: str) -> str:
    """Replace the significant characters of ``original`` with ``*`` unless ``keep(index, count)``.

    Separators (spaces, hyphens, ``+``) stay as they are, so "138 0013 8000" becomes "138 **** 8000".
    """
    folded = _fold(original)
    count = sum(1 for c in folded if c in significant)
    out: list[str] = []
    index = 0
    for char, plain in zip(original, folded, strict=True):
        if plain in significant:
            out.append(char if keep(index, count) else "*")
            index += 1
        else:
            out.append(char)
    return "".join(out)


def _mask(hit: Hit) -> str:
    if hit.kind is Kind.RESIDENT_ID:
        return _mask_characters(hit.text, lambda i, n: i < 6 or i >= n - 4, "0123456789Xx")
    if hit.kind is Kind.MOBILE:
        # The national number is the last 11 digits; a +86 / 0086 prefix stays readable.
        return _mask_characters(hit.text, lambda i, n: not n - 8 <= i < n - 4, "0123456789")
    if hit.kind is Kind.BANK_CARD:
        return _mask_characters(hit.text, lambda i, n: i >= n - 4, "0123456789")
    at = _fold(hit.text).rindex("@")
    return hit.text[0] + "***" + hit.text[at:]


# How far the look-arounds of the patterns reach past a match ("-<digit>", ".<letter>"): a masked
# character this close to a candidate can change whether it matches.
_REACH = 2


def _apply_masks(text: str, hits: list[Hit]) -> tuple[str, Callable[[int, bool], int]]:
    """Mask ``hits`` (ordered, non-overlapping) and map positions of ``text`` into the result."""
    parts: list[str] = []
    edits: list[tuple[int, int, int, int]] = []  # old start, old end, new start, new end
    position = 0
    shift = 0
    for hit in hits:
        masked = _mask(hit)
        parts.extend((text[position : hit.start], masked))
        edits.append((hit.start, hit.end, hit.start + shift, hit.start + shift + len(masked)))
        shift += len(masked) - (hit.end - hit.start)
        position = hit.end
    parts.append(text[position:])

    def move(old: int, is_end: bool) -> int:
        offset = 0
        for start, end, new_start, new_end in edits:
            if old >= end:
                offset = new_end - end
            elif old > start:
                return new_end if is_end else new_start
            else:
                break
        return old + offset

    return "".join(parts), move


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def redact(text: str, hits: Sequence[Hit]) -> str:
    """``text`` with every hit masked, keeping a hint of what it was; other text is unchanged.

    Masking can uncover a number that overlapped a hit but lost to it (in "138 0013 8000-li@a.cn"
    the address "8000-li@a.cn" shares digits with the mobile), so whatever :func:`scan` finds
    overlapping or touching (within two characters of) a masked span afterwards is masked too,
    until nothing is left there. Text away from the given hits — including personal data the
    reviewer chose to keep, unless it is glued to a masked hit — is never touched.
    """
    result, move = _apply_masks(text, _ordered(text, hits))
    spans = [(move(h.start, False), move(h.end, True)) for h in hits]
    for _ in range(len(text) + 1):  # every round masks at least one more character
        uncovered = [
            hit
            for hit in scan(result, today=date.max)
            if any(hit.start < end + _REACH and start - _REACH < hit.end for start, end in spans)
        ]
        if not uncovered:
            return result
        result, move = _apply_masks(result, uncovered)
        spans = _merge(
            [(move(s, False), move(e, True)) for s, e in spans]
            + [(move(h.start, False), move(h.end, True)) for h in uncovered]
        )
    raise AssertionError("unreachable: masking always makes progress")  # pragma: no cover
