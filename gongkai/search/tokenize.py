"""Chinese text → search tokens, and a query → token phrases. Pure: no Django.

Why character bigrams (measured in the shared dependencies notes (docs/dependencies.md beside the project) and again in
tests/test_labelled_queries.py): SQLite's default tokenizer keeps a whole run of Chinese characters as
one token, so 信息公开 never matches inside 政府信息公开年度报告; the trigram tokenizer cannot match
two-character queries (医保, 低保), which are the commonest; PostgreSQL on Debian has no Chinese parser.
Overlapping bigrams give 100% recall by construction and the same tokens on both databases.

Document: each run of Han characters becomes its overlapping bigrams plus the run's last character as
a unigram (so a one-character query, or a phrase ending at a run boundary, can match it); each run of
other letters and digits becomes one lower-case word. 政府信息 → 政府 府信 信息 息.

Query: each whitespace-separated part becomes one phrase (the parts are ANDed). Inside a part the
bigrams must be adjacent; a run that ends inside the part ends there in the document too (a non-Han
character follows it), so its unigram stays in the phrase; the part's last Han run may continue in
the document, so its unigram is dropped, or, for a one-character run, matched as a prefix (any bigram
starting with it). 明教〔2026〕3号 → 明教 教 2026 3 号*.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Han ideographs (URO, extension A, compatibility, extensions B–H) and 〇 (used in dates: 二〇二六).
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUN = re.compile(rf"(?P<han>[{_HAN}]+)|(?P<word>(?:(?![{_HAN}])[^\W_])+)")
_HAN_CHAR = re.compile(f"[{_HAN}]")
MAX_QUERY_PARTS = 8
MAX_WORD = 40  # longer "words" (hashes, base64) are noise and would exceed index limits


class _Folding(dict[int, str]):
    """str.translate table computed on first use of each character: NFKC (full-width → half-width,
    compatibility ideographs → unified) and case folding, one character at a time so every index of
    the folded text still points at the same character of the original (see `fold_with_offsets`)."""

    def __missing__(self, code: int) -> str:
        folded = unicodedata.normalize("NFKC", chr(code)).lower()
        self[code] = folded
        return folded


_FOLD = _Folding()


def fold(text: str) -> str:
    """Normalised text: NFKC per character, lower case."""
    return text.translate(_FOLD)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character it came
    from (NFKC expands a few characters, e.g. ㈠ → (一))."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded, list(range(len(text)))
    offsets: list[int] = []
    for i, ch in enumerate(text):
        offsets.extend([i] * len(fold(ch)))
    return folded, offsets


def is_han(ch: str) -> bool:
    return _HAN_CHAR.fullmatch(ch) is not None


def document_tokens(text: str) -> list[str]:
    """Index tokens of a text, in reading order."""
    tokens: list[str] = []
    for match in _RUN.finditer(fold(text)):
        run = match.group()
        if match.lastgroup == "han":
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
            tokens.append(run[-1])
        elif len(run) <= MAX_WORD:
            tokens.append(run)
    return tokens


def document_token_string(text: str) -> str:
    return " ".join(document_tokens(text))


@dataclass(frozen=True)
class Phrase:
    """Tokens that must appear consecutively; with `prefix`, the last one only has to start a token."""

    tokens: tuple[str, ...]
    prefix: bool = False

    def fts5(self) -> str:
        """As an SQLite FTS5 phrase: "a b c" or "a b c" * (tokens never contain quotes)."""
        return f'"{" ".join(self.tokens)}"' + (" *" if self.prefix else "")

    def tsquery(self) -> str:
        """As a PostgreSQL tsquery: 'a' <-> 'b' <-> 'c':* ."""
        parts = [f"'{t}'" for t in self.tokens]
        if self.prefix:
            parts[-1] += ":*"
        return " <-> ".join(parts)

    def needle(self) -> str:
        """The phrase as a substring of ' ' + token string + ' ': counts occurrences in SQL with the
        same result on both databases (a prefix ends without the closing space)."""
        return " " + " ".join(self.tokens) + ("" if self.prefix else " ")


def query_phrase(part: str) -> Phrase | None:
    """One whitespace-free part of a query as a phrase; None when it has no searchable character."""
    runs = [(m.lastgroup, m.group()) for m in _RUN.finditer(fold(part))]
    runs = [(kind, run) for kind, run in runs if kind == "han" or len(run) <= MAX_WORD]
    if not runs:
        return None
    tokens: list[str] = []
    prefix = False
    for n, (kind, run) in enumerate(runs):
        last = n == len(runs) - 1
        if kind != "han":
            tokens.append(run)
        elif len(run) == 1:
            tokens.append(run)
            prefix = last  # 号 at the end may be the start of 号文 in the document
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
            if not last:
                tokens.append(run[-1])
    return Phrase(tuple(tokens), prefix)


def query_phrases(text: str) -> list[Phrase]:
    """The phrases of a query, all of which must match; duplicates dropped, at most MAX_QUERY_PARTS."""
    phrases: list[Phrase] = []
    for part in fold(text).split():
        phrase = query_phrase(part)
        if phrase is not None and phrase not in phrases:
            phrases.append(phrase)
    return phrases[:MAX_QUERY_PARTS]


def phrase_pattern(phrase_text: str) -> re.Pattern[str] | None:
    """A regex finding one query part in folded text, for highlighting: the part's runs in order,
    separated by any non-alphanumeric characters (as the tokens are)."""
    runs = [m.group() for m in _RUN.finditer(fold(phrase_text))]
    if not runs:
        return None
    return re.compile(r"[\W_]*".join(re.escape(r) for r in runs))


def fold_document_number(value: str) -> str:
    """文号 for filtering: folded, without spaces, with every bracket style as 〔〕, so 明教[2026]3号,
    明教（2026）3号 and 明教〔2026〕3号 are one number."""
    folded = "".join(fold(value).split())
    return folded.translate(_BRACKETS)


_BRACKETS = str.maketrans({"(": "〔", "[": "〔", "【": "〔", ")": "〕", "]": "〕", "】": "〕"})


def split_chunks(text: str, size: int = 10_000) -> list[str]:
    """Texts longer than `size` characters in pieces of at most `size`, cut after a sentence end or line
    break near the limit where there is one (PostgreSQL tsvector positions stop at 16,383)."""
    text = text.strip()
    chunks: list[str] = []
    while len(text) > size:
        window = text[:size]
        cut = max(window.rfind(mark, size - size // 10) for mark in "\n。！？；!?;")
        cut = cut + 1 if cut > 0 else size
        chunks.append(text[:cut].strip())
        text = text[cut:].strip()
    if text:
        chunks.append(text)
    return [c for c in chunks if c]
