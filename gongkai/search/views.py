"""The public search page (条例 第二十四条: the platform must let the public search what is published)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe

from gongkai.catalogue.models import Item
from gongkai.search import tokenize
from gongkai.search.backend import Hit, Result, get_backend, highlight
from gongkai.search.forms import SearchForm

PER_PAGE = 20


@dataclass(frozen=True)
class Row:
    item: Item
    title_html: SafeString
    snippet_html: SafeString


def results(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    result: Result | None = None
    rows: list[Row] = []
    searched = False
    words_ignored = False
    if form.is_bound and form.is_valid():
        query = form.query(PER_PAGE)
        words_ignored = bool(query.text) and not tokenize.query_phrases(query.text)
        searched = (bool(query.text) and not words_ignored) or query.has_filters
        if searched:
            result = get_backend().search(query)
            rows = _rows(result.hits, query.text)
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "result": result,
            "rows": rows,
            "searched": searched,
            "words_ignored": words_ignored,
            "prev_url": _page_url(request, result.page - 1) if result and result.page > 1 else "",
            "next_url": (
                _page_url(request, result.page + 1) if result and result.page < result.pages else ""
            ),
            "first_number": (result.page - 1) * result.per_page + 1 if result else 1,
            "order_urls": {o: _order_url(request, o) for o in ("relevance", "date")},
            "current_order": (form.cleaned_data.get("order") if form.is_bound and form.is_valid() else "")
            or "relevance",
        },
    )


def _rows(hits: list[Hit], text: str) -> list[Row]:
    items = Item.objects.published().select_related("agency").in_bulk([h.item_id for h in hits])
    rows = []
    for hit in hits:
        item = items.get(hit.item_id)
        if item is None:  # withdrawn between the search and this query
            continue
        # Both strings are escaped by backend.highlight/snippet before <mark> is added.
        rows.append(Row(item, mark_safe(highlight(item.title, text)), mark_safe(hit.snippet_html)))  # noqa: S308
    return rows


def _page_url(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return "?" + params.urlencode()


def _order_url(request: HttpRequest, order: str) -> str:
    params = request.GET.copy()
    params["order"] = order
    params.pop("page", None)
    return "?" + params.urlencode()
