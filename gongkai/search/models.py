"""The database search index: one row per piece of an item's text (title, 文号, summary, body, each
attachment's text), in pieces of at most 10,000 characters, with the filter fields copied so a search
never joins the catalogue. The full-text index over `tokens` is vendor SQL (see sql.py): an FTS5 table
on SQLite, a generated tsvector column with a GIN index on PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models

from gongkai.catalogue.models import Item

# The primary key doubles as the date order: published_on, then item, then piece, packed into 64 bits
# so both databases return the newest matches by walking one index backwards (FTS5 orders by rowid).
_EPOCH = date(1900, 1, 1)
ITEM_BITS = 32
PIECE_BITS = 8
MAX_PIECES = 1 << PIECE_BITS


def chunk_key(published_on: date, item_id: int, piece: int) -> int:
    if not 0 <= item_id < (1 << ITEM_BITS) or not 0 <= piece < MAX_PIECES:
        raise ValueError(f"item {item_id} piece {piece} does not fit the search key")
    days = (published_on - _EPOCH).days
    return (days << (ITEM_BITS + PIECE_BITS)) | (item_id << PIECE_BITS) | piece


if TYPE_CHECKING:
    _BigInteger = models.BigIntegerField[int, int]
else:
    _BigInteger = models.BigIntegerField


class RowIdField(_BigInteger):
    """A 64-bit key that is SQLite's rowid itself ("integer primary key"): a "bigint" primary key would
    be a second index beside the rowid, and every FTS5 match would pay one more lookup per row."""

    def db_type(self, connection: Any) -> str | None:
        return "integer" if connection.vendor == "sqlite" else super().db_type(connection)


class Kind(models.IntegerChoices):
    TITLE = 0, "名称"
    NUMBER = 1, "文号"
    SUMMARY = 2, "内容概述"
    BODY = 3, "正文"
    ATTACHMENT = 4, "附件"


class SearchChunk(models.Model):
    id = RowIdField(primary_key=True)  # chunk_key(): the date order
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    agency_path = models.CharField(max_length=255)
    category = models.PositiveSmallIntegerField()
    year = models.PositiveSmallIntegerField()
    published_on = models.DateField()
    document_number = models.CharField(max_length=100, blank=True)  # tokenize.fold_document_number
    text = models.TextField()  # the original text of this piece, for snippets
    tokens = models.TextField()  # tokenize.document_token_string(text)

    class Meta:
        db_table = "search_chunk"

    def __str__(self) -> str:
        return f"{self.item_id}/{self.id & (MAX_PIECES - 1)} {self.get_kind_display()}"
