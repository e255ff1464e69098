"""The search interface every caller uses (portal page, API, index maintenance), and the database
backend behind it.

`get_backend()` returns the backend named by `settings.SEARCH_BACKEND` (a dotted path to a class
with a no-argument constructor; env GONGKAI_SEARCH_BACKEND). The default, `DatabaseBackend`, keeps
the index in the application database (search_chunk + FTS5 on SQLite, tsvector + GIN on
PostgreSQL) and returns the same hits in the same order on both.

An external engine at province scale (OpenSearch / Elasticsearch) plugs in as another class with
the three methods of `SearchBackend`:
- `index_items(items)`: build the same documents as `documents_for(item)` below (title, 文号,
  summary, body text, attachment text, and the filter fields agency_path, category, year,
  published_on, document_number) and bulk-upsert them keyed by item id; an `ngram`/`cjk_bigram`
  analyser gives the bigram behaviour (or index `tokenize.document_token_string` output in a
  whitespace-analysed field to keep results identical to the database backend);
- `remove_items(ids)`: bulk-delete by id;
- `search(query)`: translate `Query` to a bool query (phrases from `tokenize.query_phrases` as
  match_phrase clauses, filters as term/prefix filters, `order` as _score or published_on sort,
  highlight with <mark> pre/post tags) and return `Result`.
It is called inside the catalogue's transactions (index.item_changed), so such a backend should
queue its writes with `transaction.on_commit`, and `gongkai reindex` rebuilds it from the database.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, Protocol

from django.conf import settings
from django.db import connection, transaction
from django.utils.html import escape
from django.utils.module_loading import import_string

from gongkai.search import tokenize
from gongkai.search.models import MAX_PIECES, PIECE_BITS, Kind, SearchChunk, chunk_key

if TYPE_CHECKING:
    from gongkai.catalogue.models import Item

Order = Literal["relevance", "date"]
MAX_QUERY_CHARS = 100
# Ranking and counting look at the newest matching pieces only: a two-character query such as 公开
# matches most of the catalogue, and scoring all of it would cost seconds at province scale. Date order
# needs no scores, so it looks further.
CANDIDATE_CHUNKS = {"date": 2000, "relevance": 1000}
MAX_PAGES = 50
LOOSE_SHARE = 0.75
# A query of several words is walked from its rarest word, judged by its pieces counted up to
# COLLECT_LIMIT (about a millisecond each) and, beyond, by how far back its newest RARITY_SAMPLE ×
# candidate-limit pieces reach. A word with fewer pieces than COLLECT_LIMIT has its items collected
# once; a commoner one is looked up in each item the walk meets.
COLLECT_LIMIT = 20_000
RARITY_SAMPLE = 2
SNIPPET_CHARS = 120
# Where a match counts most: a hit in the name or 文号 outranks many in the body.
WEIGHTS: dict[int, float] = {
    Kind.TITLE: 10.0,
    Kind.NUMBER: 8.0,
    Kind.SUMMARY: 3.0,
    Kind.BODY: 1.0,
    Kind.ATTACHMENT: 0.8,
}


@dataclass(frozen=True)
class Query:
    text: str = ""
    agency_path: str | None = None  # the agency and everything under it
    category: int | None = None
    year: int | None = None
    document_number: str | None = None  # contains, with brackets and widths folded
    order: Order = "relevance"
    page: int = 1
    per_page: int = 20

    @property
    def has_filters(self) -> bool:
        return bool(self.agency_path or self.category or self.year or self.document_number)


@dataclass(frozen=True)
class Hit:
    item_id: int
    score: float
    snippet_html: str  # escaped text with <mark> around the matches


@dataclass(frozen=True)
class Result:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    capped: bool = False  # more matches exist than were counted: `total` is a lower bound
    loose: bool = False  # no item had the exact phrase; these have all its character pairs

    @property
    def pages(self) -> int:
        return max(1, min(MAX_PAGES, math.ceil(self.total / self.per_page)))


class SearchBackend(Protocol):
    def index_items(self, items: Iterable[Item]) -> None: ...

    def remove_items(self, ids: Iterable[int]) -> None: ...

    def search(self, query: Query) -> Result: ...


@cache
def _backend_class(path: str) -> type[SearchBackend]:
    cls: type[SearchBackend] = import_string(path)
    return cls


def get_backend() -> SearchBackend:
    path = getattr(settings, "SEARCH_BACKEND", "") or "gongkai.search.backend.DatabaseBackend"
    return _backend_class(path)()


# --- documents ----------------------------------------------------------------------------------

# Filter values as index tokens. They start with z and a letter and cannot be produced by Chinese
# text; a visitor who types one literally finds what it stands for, which is harmless.
TITLE_TOKEN = "zktitle"  # noqa: S105  (one piece per item: lists items when only filters are given)


def _agency_token(path: str) -> str:
    return "za" + "".join(ch for ch in path if ch.isascii() and ch.isalnum())


def filter_tokens(agency_path: str, category: int, year: int, *, title: bool) -> list[str]:
    """The agency and each of its superiors (for subtree filters), the category and the year."""
    segments = agency_path.split(".")
    tokens = [_agency_token(".".join(segments[: i + 1])) for i in range(len(segments))]
    tokens += [f"zc{int(category)}", f"zy{int(year)}"]
    return [*tokens, TITLE_TOKEN] if title else tokens


def query_filter_tokens(query: Query) -> list[str]:
    tokens = []
    if query.agency_path:
        tokens.append(_agency_token(query.agency_path))
    if query.category:
        tokens.append(f"zc{int(query.category)}")
    if query.year:
        tokens.append(f"zy{int(query.year)}")
    return tokens


@dataclass(frozen=True)
class Piece:
    kind: Kind
    text: str


def documents_for(item: Item) -> list[Piece]:
    """The searchable texts of an item, each at most 10,000 characters."""
    from gongkai.catalogue.services import body_text

    pieces = [Piece(Kind.TITLE, item.title)]
    if item.document_number:
        pieces.append(Piece(Kind.NUMBER, item.document_number))
    sources = [(Kind.SUMMARY, item.summary), (Kind.BODY, body_text(item.body))]
    sources += [(Kind.ATTACHMENT, a.extracted_text) for a in item.attachments.all()]
    for kind, text in sources:
        pieces += [Piece(kind, chunk) for chunk in tokenize.split_chunks(text or "")]
    # The key has room for 256 pieces (2.5 million characters); an item longer than that is searchable
    # by its first 256 pieces.
    return pieces[:MAX_PIECES]


def chunks_for(item: Item) -> list[SearchChunk]:
    if item.published_on is None:
        raise ValueError(f"item {item.pk} has no publication date")
    number = tokenize.fold_document_number(item.document_number)[:100]
    return [
        SearchChunk(
            id=chunk_key(item.published_on, item.pk, n),
            item_id=item.pk,
            kind=piece.kind,
            agency_path=item.agency.path,
            category=item.category,
            year=item.published_on.year,
            published_on=item.published_on,
            document_number=number,
            text=piece.text,
            tokens=" ".join(
                [
                    *tokenize.document_tokens(piece.text),
                    *filter_tokens(
                        item.agency.path,
                        item.category,
                        item.published_on.year,
                        title=piece.kind == Kind.TITLE,
                    ),
                ]
            ),
        )
        for n, piece in enumerate(documents_for(item))
    ]


# --- the database backend -------------------------------------------------------------------------


@dataclass
class _Candidate:
    item_id: int
    order: int  # position in date order
    tf: list[int]  # matches per phrase, over all its pieces
    score: float = 0.0
    best: tuple[float, int] = (0.0, 0)  # (weighted matches, chunk id) of the piece to quote


class DatabaseBackend:
    """The index in the application database; see the module docstring and sql.py."""

    def index_items(self, items: Iterable[Item]) -> None:
        from gongkai.catalogue.workflow import Status

        items = list(items)
        with transaction.atomic():
            SearchChunk.objects.filter(item_id__in=[i.pk for i in items]).delete()
            rows = [c for i in items if i.status == Status.PUBLISHED for c in chunks_for(i)]
            SearchChunk.objects.bulk_create(rows, batch_size=500)

    def remove_items(self, ids: Iterable[int]) -> None:
        SearchChunk.objects.filter(item_id__in=list(ids)).delete()

    def search(self, query: Query) -> Result:
        phrases = tokenize.query_phrases(query.text[:MAX_QUERY_CHARS])
        if not phrases and not query.has_filters:
            return Result([], 0, query.page, query.per_page)
        result = self._search(query, phrases, loose=False)
        if not result.total and any(len(p.tokens) > 1 for p in phrases):
            # 政府信息公开年度报告 is written 政府信息公开工作年度报告: when no item has the exact phrase,
            # take the items with most of its character pairs (LOOSE_SHARE), in any order.
            loose = list(
                dict.fromkeys(
                    tokenize.Phrase((t,), p.prefix and n == len(p.tokens) - 1)
                    for p in phrases
                    for n, t in enumerate(p.tokens)
                )
            )
            result = self._search(query, loose, loose=True)
        return result

    def _search(self, query: Query, phrases: list[tokenize.Phrase], *, loose: bool) -> Result:
        # Date order needs matches counted only to check a loose query; the phrases' presence is
        # already guaranteed by the match itself.
        scored = loose or query.order == "relevance"
        limit = CANDIDATE_CHUNKS["relevance" if scored else "date"]
        rows = self._candidates(query, phrases if scored else [], phrases, loose=loose, limit=limit)
        capped = len(rows) >= limit
        n = len(phrases) if scored else 0
        need = math.ceil(LOOSE_SHARE * n) if loose else n
        candidates = self._rank(rows, n, need)
        if phrases and query.order == "relevance":
            candidates.sort(key=lambda c: (-c.score, c.order))
        start = (query.page - 1) * query.per_page
        page = candidates[start : start + query.per_page]
        marks = " ".join(p.tokens[0] for p in phrases)  # loose: each pair on its own
        snippets = self._snippets(page, phrases, query.text if not loose else marks)
        hits = [Hit(c.item_id, round(c.score, 6), snippets.get(c.item_id, "")) for c in page]
        return Result(hits, len(candidates), query.page, query.per_page, capped, loose)

    # The candidate pieces, newest first: (chunk id, item id, kind, matches per phrase...).
    def _candidates(
        self,
        query: Query,
        counted: Sequence[tokenize.Phrase],
        phrases: Sequence[tokenize.Phrase],
        *,
        loose: bool,
        limit: int,
    ) -> list[tuple[Any, ...]]:
        sqlite = connection.vendor == "sqlite"
        select = ["c.id", "c.item_id", "c.kind"]
        select_params: list[Any] = []
        for phrase in counted:
            # Occurrences of the phrase in ' tokens ': the same integer on both databases.
            select.append(
                "(LENGTH(' ' || c.tokens || ' ') - LENGTH(REPLACE(' ' || c.tokens || ' ', %s, '')))"
                " / LENGTH(%s)"
            )
            select_params += [phrase.needle(), phrase.needle()]
        # Filters are tokens of the full-text index too (see filter_tokens), so the engine intersects
        # posting lists instead of reading every matching row to test its agency or year.
        filters = [tokenize.Phrase((t,)) for t in query_filter_tokens(query)]
        terms = [*phrases] if phrases else [tokenize.Phrase((TITLE_TOKEN,))]
        if sqlite:
            source, key = "search_fts f JOIN search_chunk c ON c.id = f.rowid", "f.rowid"
        else:
            source, key = "search_chunk c", "c.id"
        source_params: list[Any] = []
        where = [_matches("f" if sqlite else "c")]
        params: list[Any] = [_expression(terms, filters)]
        if len(phrases) > 1 and not loose:
            # Every phrase must occur in the item, though not necessarily in the same piece: find
            # those items first, then read their pieces that match any phrase.
            items = self._items_with_every_phrase(query, phrases, filters, limit)
            if not items:
                return []
            if sqlite:
                # The key range keeps the walk over the phrases' postings between the oldest and
                # the newest of these items.
                where.append(f"{key} BETWEEN %s AND %s")
                params += [min(items) << PIECE_BITS, (max(items) << PIECE_BITS) + MAX_PIECES - 1]
                where.append(f"({key} >> {PIECE_BITS}) IN ({', '.join(['%s'] * len(items))})")
                params += items
            else:
                # Each item's pieces are one range of the primary key.
                source = (
                    "unnest(%s::bigint[]) AS k(k) JOIN search_chunk c "
                    f"ON c.id BETWEEN k.k << {PIECE_BITS} AND (k.k << {PIECE_BITS}) + {MAX_PIECES - 1}"
                )
                source_params.append(items)
        if query.document_number:
            where.append("c.document_number LIKE %s ESCAPE '\\'")
            params.append(_document_number_pattern(query.document_number))
        sql = (
            f"SELECT {', '.join(select)} FROM {source} WHERE {' AND '.join(where)} "  # noqa: S608
            f"ORDER BY {key} DESC LIMIT {int(limit)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*select_params, *source_params, *params])
            return list(cursor.fetchall())

    def _items_with_every_phrase(
        self,
        query: Query,
        phrases: Sequence[tokenize.Phrase],
        filters: Sequence[tokenize.Phrase],
        limit: int,
    ) -> list[int]:
        """The newest items (keys without their piece bits) that contain every phrase, enough of them
        to hold the `limit` newest pieces that `_candidates` reads; in date order.

        Checking every phrase against every item would walk all the items that have the commonest
        one (公开 in `公开 医保`: most of the catalogue). Instead the walk follows the rarest phrase,
        newest first, and looks the others up only for the items it meets. Which phrase leads
        changes the time, never the result."""
        sample = RARITY_SAMPLE * limit
        sizes = [self._reach(phrase, filters, sample) for phrase in phrases]
        lead, *others = sorted(range(len(phrases)), key=lambda i: sizes[i])
        count, oldest = sizes[lead]
        if not count:
            return []
        # Collecting a phrase's items costs a step per piece of it; looking it up in an item met costs
        # a search of the index (some thirty steps) per piece of the lead phrase.
        checks = [(phrases[i], sizes[i][0] < COLLECT_LIMIT) for i in others]
        if count <= sample or all(collect for _, collect in checks):
            keys = self._walk(query, phrases[lead], checks, filters, limit)
            return list(dict.fromkeys(keys))
        # The lead phrase is common too. Its newest `sample` pieces usually hold enough items with the
        # other phrases; if they do not (phrases that seldom meet, as 医保 防汛), the older part of the
        # walk collects the items of every other phrase once, as lookups would cost more.
        keys = self._walk(query, phrases[lead], checks, filters, limit, since=oldest)
        if len(keys) < limit:
            collect = [(phrase, True) for phrase, _ in checks]
            keys += self._walk(query, phrases[lead], collect, filters, limit - len(keys), before=oldest)
        return list(dict.fromkeys(keys))

    @staticmethod
    def _walk(
        query: Query,
        lead: tokenize.Phrase,
        checks: Sequence[tuple[tokenize.Phrase, bool]],
        filters: Sequence[tokenize.Phrase],
        limit: int,
        *,
        since: int | None = None,
        before: int | None = None,
    ) -> list[int]:
        """The items of the newest `limit` pieces of the lead phrase (with the filters, keyed from
        `since` inclusive to `before` exclusive) whose items hold every phrase of `checks`, a phrase
        with True being collected once, newest first, one entry per piece."""
        sqlite = connection.vendor == "sqlite"
        fts = "search_fts" if sqlite else "search_chunk"
        key, inner_key = ("f.rowid", "g.rowid") if sqlite else ("f.id", "g.id")
        item = f"({key} >> {PIECE_BITS})"
        source = f"{fts} f"
        where = [_matches("f")]
        params: list[Any] = [_expression([lead], filters)]
        bounds = ""
        if since is not None:
            where.append(f"{key} >= %s")
            params.append(since)
        if before is not None:
            where.append(f"{key} < %s")
            params.append(before)
            # Collect the other phrases' items no newer than the walk's, up to the end of the item
            # that holds the bound: an item's pieces may sit on both sides of it.
            bounds = f" AND {inner_key} < {((before >> PIECE_BITS) + 1) << PIECE_BITS}"
        for phrase, collect in checks:
            if collect:
                where.append(
                    f"{item} IN (SELECT {inner_key} >> {PIECE_BITS} FROM {fts} g "  # noqa: S608
                    f"WHERE {_matches('g')}{bounds})"
                )
                params.append(_expression([phrase], filters))
            else:
                where.append(
                    f"EXISTS (SELECT 1 FROM {fts} g WHERE {_matches('g')} "  # noqa: S608
                    f"AND {inner_key} BETWEEN {item} << {PIECE_BITS} "
                    f"AND ({item} << {PIECE_BITS}) + {MAX_PIECES - 1})"
                )
                params.append(_expression([phrase], []))
        if query.document_number:
            if sqlite:
                source += " JOIN search_chunk c ON c.id = f.rowid"
            where.append(f"{'c' if sqlite else 'f'}.document_number LIKE %s ESCAPE '\\'")
            params.append(_document_number_pattern(query.document_number))
        # Each item met has at least one of the pieces `_candidates` reads, so the items of the
        # `limit` newest pieces of the lead phrase are enough.
        sql = (
            f"SELECT {item} FROM {source} WHERE {' AND '.join(where)} "  # noqa: S608
            f"ORDER BY {key} DESC LIMIT {int(limit)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [k for (k,) in cursor.fetchall()]

    @staticmethod
    def _reach(phrase: tokenize.Phrase, filters: Sequence[tokenize.Phrase], sample: int) -> tuple[int, int]:
        """How rare the phrase is (with the filters): its pieces counted up to COLLECT_LIMIT, and the key
        of the oldest of its `sample` newest pieces. Of two phrases with COLLECT_LIMIT pieces or more,
        the one reaching further back is the rarer where the walk starts. Two short walks of the
        index on both databases."""
        if connection.vendor == "sqlite":
            inner = "SELECT f.rowid AS k FROM search_fts f WHERE f.search_fts MATCH %s ORDER BY f.rowid DESC"
        else:
            inner = "SELECT f.id AS k FROM search_chunk f WHERE f.tsv @@ to_tsquery('simple', %s) ORDER BY f.id DESC"
        expression = _expression([phrase], filters)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT COUNT(*) FROM ({inner} LIMIT {COLLECT_LIMIT}) AS s), "  # noqa: S608
                f"(SELECT MIN(s.k) FROM ({inner} LIMIT {int(sample)}) AS s)",
                [expression, expression],
            )
            row = cursor.fetchone()
        return (int(row[0]), int(row[1] or 0)) if row else (0, 0)

    @staticmethod
    def _rank(rows: Sequence[tuple[Any, ...]], n_phrases: int, need: int) -> list[_Candidate]:
        by_item: dict[int, _Candidate] = {}
        for chunk_id, item_id, kind, *tfs in rows:
            cand = by_item.get(item_id)
            if cand is None:
                cand = by_item[item_id] = _Candidate(item_id, len(by_item), [0] * n_phrases)
            weight = WEIGHTS[kind]
            piece_score = 0.0
            for i, tf in enumerate(tfs):
                if tf:
                    cand.tf[i] += tf
                    piece_score += weight * (1.0 + math.log(tf))
            cand.score += piece_score
            # Quote the piece with most weighted matches, preferring text over the name (shown anyway).
            quote = piece_score * (0.01 if kind in (Kind.TITLE, Kind.NUMBER) else 1.0)
            if not cand.best[1] or quote > cand.best[0]:
                cand.best = (quote, chunk_id)
        # Every phrase must match (in loose mode: `need` of them); an item whose pieces were cut off
        # by the candidate limit may fall short: drop it.
        return [c for c in by_item.values() if sum(1 for tf in c.tf if tf) >= need]

    @staticmethod
    def _snippets(
        page: Sequence[_Candidate], phrases: Sequence[tokenize.Phrase], text: str
    ) -> dict[int, str]:
        if not page:
            return {}
        if phrases:
            wanted = {c.best[1]: c.item_id for c in page}
            rows = SearchChunk.objects.filter(id__in=wanted).values_list("id", "text")
            texts = {wanted[chunk_id]: body for chunk_id, body in rows}
        else:
            # No words to quote: the beginning of the summary, else of the body.
            found = (
                SearchChunk.objects.filter(
                    item_id__in=[c.item_id for c in page], kind__in=(Kind.SUMMARY, Kind.BODY)
                )
                .order_by("item_id", "kind", "id")
                .values_list("item_id", "text")
            )
            texts = {}
            for item_id, body in found:
                texts.setdefault(item_id, body)
        return {item_id: snippet(body, text) for item_id, body in texts.items()}


def _expression(any_of: Sequence[tokenize.Phrase], all_of: Sequence[tokenize.Phrase]) -> str:
    """A full-text query for the current database: one of `any_of` and all of `all_of`."""
    if connection.vendor == "sqlite":
        return "(" + " OR ".join(p.fts5() for p in any_of) + ")" + "".join(f" AND {p.fts5()}" for p in all_of)
    return (
        "(" + " | ".join(f"({p.tsquery()})" for p in any_of) + ")"
        + "".join(f" & {p.tsquery()}" for p in all_of)
    )  # fmt: skip


def _matches(alias: str) -> str:
    """The condition that `alias` (search_fts on SQLite, search_chunk on PostgreSQL) matches a query
    from `_expression`, given as a parameter."""
    if connection.vendor == "sqlite":
        return f"{alias}.search_fts MATCH %s"
    return f"{alias}.tsv @@ to_tsquery('simple', %s)"


def _document_number_pattern(value: str) -> str:
    return "%" + _like_escape(tokenize.fold_document_number(value)) + "%"


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def highlight_spans(text: str, query_text: str) -> list[tuple[int, int]]:
    """Where the query's parts occur in `text` (original indices, merged, in order)."""
    folded, offsets = tokenize.fold_with_offsets(text)
    spans: list[tuple[int, int]] = []
    for part in tokenize.fold(query_text[:MAX_QUERY_CHARS]).split():
        pattern = tokenize.phrase_pattern(part)
        if pattern is None:
            continue
        for m in pattern.finditer(folded):
            if m.end() > m.start():
                spans.append((offsets[m.start()], offsets[m.end() - 1] + 1))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, query_text: str) -> str:
    """`text` escaped, with <mark> around every match of the query."""
    return _marked(text, highlight_spans(text, query_text), 0, len(text))


def snippet(text: str, query_text: str, length: int = SNIPPET_CHARS) -> str:
    """About `length` characters of `text` around the first match, escaped, matches in <mark>."""
    text = re.sub(r"\s+", " ", text).strip()
    spans = highlight_spans(text, query_text)
    start = 0
    if spans:
        start = max(0, spans[0][0] - length // 4)
    end = min(len(text), start + length)
    start = max(0, min(start, end - length))
    html = _marked(text, spans, start, end)
    return ("…" if start > 0 else "") + html + ("…" if end < len(text) else "")


def _marked(text: str, spans: Sequence[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    pos = start
    for span_start, span_end in spans:
        s, e = max(span_start, start), min(span_end, end)
        if e <= s or s < pos:
            continue
        out.append(str(escape(text[pos:s])))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(str(escape(text[pos:end])))
    return "".join(out)
