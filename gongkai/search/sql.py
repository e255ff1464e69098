"""Vendor SQL for the full-text index over search_chunk.tokens, run by the migrations.

SQLite: an external-content FTS5 table (the tokens are stored once, in search_chunk) kept in step by
triggers. `unicode61` splits on the spaces between our tokens and nothing else; diacritics are kept
so it folds exactly what tokenize.fold folded; prefix='1' indexes one-character prefixes for
one-character queries. Any later migration that rebuilds search_chunk on SQLite (Django copies the
table for most ALTERs) drops the triggers: run `create_index` again after it.

PostgreSQL: a stored generated tsvector ('simple' configuration: no stemming, no stop words) with a
GIN index; positions make phrase queries (<->) work. A tsvector holds positions up to 16,383, which
is why texts are cut into pieces of at most 10,000 characters.
"""

from __future__ import annotations

from typing import Any

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        tokens, content='search_chunk', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='1')""",
    """CREATE TRIGGER IF NOT EXISTS search_chunk_ai AFTER INSERT ON search_chunk BEGIN
        INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_chunk_ad AFTER DELETE ON search_chunk BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_chunk_au AFTER UPDATE ON search_chunk BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    # Rows written before the triggers existed (none on a fresh database) enter the index here.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_chunk_au",
    "DROP TRIGGER IF EXISTS search_chunk_ad",
    "DROP TRIGGER IF EXISTS search_chunk_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_CREATE = [
    """ALTER TABLE search_chunk ADD COLUMN IF NOT EXISTS tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED""",
    "CREATE INDEX IF NOT EXISTS search_chunk_tsv ON search_chunk USING gin (tsv)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_chunk_tsv",
    "ALTER TABLE search_chunk DROP COLUMN IF EXISTS tsv",
]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise RuntimeError(f"the search index supports SQLite and PostgreSQL, not {vendor}")
    for statement in statements[vendor]:
        schema_editor.execute(statement)


def create_index(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def drop_index(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})
