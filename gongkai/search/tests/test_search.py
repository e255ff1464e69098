"""The database backend through the catalogue's services: what enters and leaves the index, filters,
ordering, pagination, snippets, the reindex command and the public page."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from gongkai.search import backend as search_backend
from gongkai.search.backend import Query, Result, get_backend
from gongkai.search.models import SearchChunk
from gongkai.search.tests.conftest import publish
from gongkai.search.tests.corpus import Doc

pytestmark = pytest.mark.django_db


def ids(result: Result) -> list[int]:
    return [h.item_id for h in result.hits]


def search(text: str = "", **kwargs: Any) -> Result:
    return get_backend().search(Query(text, **kwargs))


@pytest.fixture
def three(world: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = str(tmp_path)
    return {
        "city": publish(world.city, Doc("a", "", date(2026, 3, 2), 11, "明湖市城乡居民医保缴费标准",
                                        "明政〔2026〕7号", "医保缴费标准调整。", "<p>医保个人缴费380元。</p>")),
        "edu": publish(world.agency_a, Doc("b", "", date(2025, 6, 1), 8, "幼儿园收费标准",
                                           "明教〔2025〕41号", "", "<p>与医保无关的幼儿园收费。</p>")),
        "district": publish(world.district, Doc("c", "", date(2026, 1, 9), 11, "东湖区医保经办指南",
                                                "", "医保经办。", "<p>区医保窗口。</p>")),
    }  # fmt: skip


def test_only_published_items_are_indexed_and_withdrawal_removes_them(
    world: Any, three: dict[str, Any]
) -> None:
    from gongkai.catalogue import services as cs

    draft = cs.item_create(
        actor=None,
        agency=world.city,
        data=cs.ItemInput(title="医保草稿", created_on=date(2026, 3, 1), category=11),
    )
    assert not SearchChunk.objects.filter(item_id=draft.pk).exists()
    assert draft.pk not in ids(search("医保"))
    cs.item_withdraw(actor=None, item=three["district"], reason="内容有误")
    assert not SearchChunk.objects.filter(item_id=three["district"].pk).exists()
    assert sorted(ids(search("医保"))) == sorted([three["city"].pk, three["edu"].pk])


def test_relevance_ranks_title_matches_first_and_date_order_is_newest_first(three: dict[str, Any]) -> None:
    by_relevance = search("医保")
    assert by_relevance.total == 3
    assert ids(by_relevance)[-1] == three["edu"].pk  # only its body mentions 医保
    assert by_relevance.hits[0].score > by_relevance.hits[-1].score
    by_date = search("医保", order="date")
    assert ids(by_date) == [three["city"].pk, three["district"].pk, three["edu"].pk]


def test_filters(world: Any, three: dict[str, Any]) -> None:
    assert ids(search("医保", agency_path=world.district.path)) == [three["district"].pk]
    # the city's subtree holds all three agencies
    assert search("医保", agency_path=world.city.path).total == 3
    assert sorted(ids(search("医保", category=11))) == sorted([three["city"].pk, three["district"].pk])
    assert ids(search("医保", year=2025)) == [three["edu"].pk]
    assert ids(search("医保", document_number="明政(2026)7")) == [three["city"].pk]
    assert search("医保", year=2024).total == 0


def test_filters_alone_list_items_newest_first_with_their_summary(world: Any, three: dict[str, Any]) -> None:
    result = search("", agency_path=world.city.path)
    assert ids(result) == [three["city"].pk, three["district"].pk, three["edu"].pk]
    assert result.hits[0].snippet_html == "医保缴费标准调整。"
    assert search("").total == 0  # nothing asked, nothing listed


def test_pagination(three: dict[str, Any]) -> None:
    first = search("医保", order="date", per_page=2)
    second = search("医保", order="date", per_page=2, page=2)
    assert (first.total, first.pages, len(first.hits)) == (3, 2, 2)
    assert ids(second) == [three["edu"].pk]
    assert not set(ids(first)) & set(ids(second))


def test_snippets_are_escaped_and_marked(world: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    item = publish(
        world.city,
        Doc(
            "x",
            "",
            date(2026, 2, 2),
            15,
            "通知",
            "",
            "",
            "<p>前文&lt;script&gt;alert(1)&lt;/script&gt;低保标准</p>",
        ),
    )
    hit = search("低保").hits[0]
    assert hit.item_id == item.pk
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html
    assert "<mark>低保</mark>" in hit.snippet_html


def test_snippet_is_cut_around_the_first_match() -> None:
    text = "甲" * 300 + "低保标准" + "乙" * 300
    html = search_backend.snippet(text, "低保")
    assert html.startswith("…")
    assert html.endswith("…")
    assert "<mark>低保</mark>" in html
    assert len(html) < 160


def test_long_bodies_are_split_and_found_beyond_the_first_piece(
    world: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    body = "<p>" + "城市建设情况说明。" * 2500 + "最后提到养老服务补贴。</p>"
    item = publish(world.city, Doc("long", "", date(2026, 2, 3), 15, "长文", "", "", body))
    pieces = SearchChunk.objects.filter(item_id=item.pk)
    assert pieces.count() >= 4  # title + three pieces of body
    assert all(len(p.text) <= 10_000 for p in pieces)
    assert ids(search("养老服务补贴")) == [item.pk]


def test_a_missing_phrase_falls_back_to_most_character_pairs(three: dict[str, Any]) -> None:
    exact = search("城乡居民医保缴费标准")
    assert not exact.loose
    assert ids(exact) == [three["city"].pk]
    loose = search("城乡居民医保的缴费标准")  # 的 is not in the title
    assert loose.loose
    assert ids(loose) == [three["city"].pk]


def test_reindex_rebuilds_from_published_items(world: Any, three: dict[str, Any]) -> None:
    SearchChunk.objects.all().delete()
    stale = SearchChunk.objects.create  # an orphan of an item no longer published
    from gongkai.catalogue import services as cs

    cs.item_withdraw(actor=None, item=three["edu"], reason="过期")
    stale(
        id=1, item_id=three["edu"].pk, kind=0, agency_path="x", category=1, year=2025,
        published_on=date(2025, 1, 1), text="医保", tokens="医保 保",
    )  # fmt: skip
    assert search("医保").total == 1
    out = StringIO()
    call_command("reindex", "--batch-size", "1", stdout=out)
    assert "2 条已发布信息" in out.getvalue()
    assert sorted(ids(search("医保"))) == sorted([three["city"].pk, three["district"].pk])


class _NoHits:
    def index_items(self, items: Any) -> None: ...

    def remove_items(self, ids: Any) -> None: ...

    def search(self, query: Query) -> Result:
        return Result([], 0, query.page, query.per_page)


def test_the_backend_comes_from_settings(settings: Any) -> None:
    settings.SEARCH_BACKEND = "gongkai.search.tests.test_search._NoHits"
    assert isinstance(get_backend(), _NoHits)
    settings.SEARCH_BACKEND = "gongkai.search.backend.DatabaseBackend"
    assert isinstance(get_backend(), search_backend.DatabaseBackend)


# --- the public page -----------------------------------------------------------------------------


def test_page_shows_results_with_links_snippets_and_order_switch(client: Any, three: dict[str, Any]) -> None:
    response = client.get(reverse("search:results"), {"q": "医保"})
    assert response.status_code == 200
    html = response.content.decode()
    city = three["city"]
    assert reverse("portal:item", args=[city.index_number]) in html
    assert "<mark>医保</mark>" in html
    assert city.index_number in html
    assert "找到 3 条结果" in html
    assert "order=date" in html


def test_page_paginates(client: Any, three: dict[str, Any], monkeypatch: Any) -> None:
    from gongkai.search import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    html = client.get(reverse("search:results"), {"q": "医保", "order": "date"}).content.decode()
    assert "第 1 / 2 页" in html
    assert "page=2" in html
    html = client.get(reverse("search:results"), {"q": "医保", "order": "date", "page": "2"}).content.decode()
    assert three["edu"].index_number in html
    assert three["city"].index_number not in html


def test_page_filters_by_agency_subtree(client: Any, world: Any, three: dict[str, Any]) -> None:
    html = client.get(
        reverse("search:results"), {"q": "医保", "agency": world.district.code}
    ).content.decode()
    assert "找到 1 条结果" in html
    assert "东湖区<mark>医保</mark>经办指南" in html
    assert three["city"].index_number not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "医保", "year": "2O26"}, "年份请填写四位数字"),
        ({"q": "医保", "year": "1800"}, "发布年份应在1949年至"),
        ({"q": "医保", "agency": "NOPE"}, "没有该发布机构"),
        ({"q": "医保", "category": "99"}, "没有该公开类别"),
        ({"q": "医保", "page": "0"}, "页码应在1至50之间"),
        ({"q": "医保", "order": "random"}, "排序方式只能是相关度或时间"),
        ({"q": "医" * 101}, "关键词不能超过100个字"),
    ],
)
def test_bad_filters_are_explained_in_chinese_and_nothing_is_searched(
    client: Any, three: dict[str, Any], params: dict[str, str], message: str
) -> None:
    html = client.get(reverse("search:results"), params).content.decode()
    assert message in html
    assert "找到" not in html
    assert three["city"].index_number not in html


def test_page_empty_states(client: Any, three: dict[str, Any]) -> None:
    html = client.get(reverse("search:results")).content.decode()
    assert "两个字也能搜" in html
    html = client.get(reverse("search:results"), {"q": "量子计算"}).content.decode()
    assert "没有找到与“量子计算”相关的信息" in html
    assert reverse("portal:catalogue") in html
    html = client.get(reverse("search:results"), {"q": "，。"}).content.decode()
    assert "请输入汉字、字母或数字作为关键词" in html


# --- several words: the walk starts from the rarest ------------------------------------------------


@pytest.fixture
def words(world: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """Items with 公开 and 医保 in the same piece, in different pieces, or only one of them."""
    settings.MEDIA_ROOT = str(tmp_path)
    docs = {
        "apart": (world.city, Doc("a", "", date(2026, 3, 1), 11, "医保缴费", "", "缴费调整。",
                                  "<p>依法主动公开。</p>")),
        "yb_only": (world.city, Doc("b", "", date(2026, 3, 2), 11, "医保经办", "", "医保窗口。")),
        "together": (world.city, Doc("c", "", date(2026, 2, 1), 11, "通知", "", "医保目录公开。",
                                     "<p>医保目录，公开征求意见。</p>")),
        "gk_only": (world.city, Doc("d", "", date(2026, 3, 3), 11, "政务公开要点", "", "公开。")),
        "district": (world.district, Doc("e", "", date(2025, 1, 1), 11, "东湖区医保", "",
                                         "公开。", "<p>公开。</p>")),
        "old": (world.city, Doc("f", "", date(2024, 5, 5), 11, "公开医保基金", "", "", "<p>医保。</p>")),
    }  # fmt: skip
    return {key: publish(agency, doc) for key, (agency, doc) in docs.items()}


def expected_pieces(text: str) -> list[int]:
    """The definition `_candidates` keeps, computed the slow way: the pieces matching any word, among
    items holding every word somewhere, newest first (as the item id of each piece)."""
    from gongkai.search import tokenize
    from gongkai.search.models import PIECE_BITS

    phrases = tokenize.query_phrases(text)
    rows = list(SearchChunk.objects.order_by("-id").values_list("id", "item_id", "tokens"))
    found: dict[int, set[tokenize.Phrase]] = {}
    for chunk_id, _, tokens in rows:
        found.setdefault(chunk_id >> PIECE_BITS, set()).update(
            p for p in phrases if p.needle() in f" {tokens} "
        )
    pieces = [
        item_id
        for chunk_id, item_id, tokens in rows
        if len(found[chunk_id >> PIECE_BITS]) == len(phrases)
        and any(p.needle() in f" {tokens} " for p in phrases)
    ]
    return pieces


def test_every_word_must_occur_in_the_item_though_not_in_one_piece(world: Any, words: dict[str, Any]) -> None:
    both = [words["apart"].pk, words["together"].pk, words["district"].pk, words["old"].pk]
    assert ids(search("公开 医保", order="date")) == both
    assert ids(search("医保 公开", order="date")) == both
    assert sorted(ids(search("公开 医保"))) == sorted(both)
    assert ids(search("公开 医保", agency_path=world.district.path)) == [words["district"].pk]
    assert ids(search("公开 医保", year=2026, order="date")) == both[:2]
    assert search("医保 防汛").total == 0


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 1000])
@pytest.mark.parametrize("lead", [0, 1])
@pytest.mark.parametrize("plan", ["rare lead, other collected", "rare lead, other looked up", "split walk"])
def test_results_do_not_depend_on_which_word_leads_or_how_the_others_are_checked(
    words: dict[str, Any], monkeypatch: Any, limit: int, lead: int, plan: str
) -> None:
    """Force each way of walking by faking the rarity estimate, on candidate limits small enough to
    cut through items; the walk is split at every key in turn (it must be exact for each)."""
    from gongkai.search import tokenize

    monkeypatch.setattr(search_backend, "CANDIDATE_CHUNKS", {"date": limit, "relevance": limit})
    phrases = tokenize.query_phrases("公开 医保")
    pieces = expected_pieces("公开 医保")
    sample = search_backend.RARITY_SAMPLE * limit
    common = search_backend.COLLECT_LIMIT
    splits = sorted(SearchChunk.objects.values_list("id", flat=True)) if plan == "split walk" else [0]
    for split in splits:
        sizes = {
            "rare lead, other collected": ((1, 0), (2, 0)),
            "rare lead, other looked up": ((1, 0), (common, 0)),
            "split walk": ((sample + 1, split), (common, 0)),
        }[plan]
        calls: list[tokenize.Phrase] = []

        def fake_reach(
            phrase: tokenize.Phrase,
            filters: Any,
            sample: int,
            sizes: tuple[tuple[int, int], tuple[int, int]] = sizes,
            calls: list[tokenize.Phrase] = calls,
        ) -> tuple[int, int]:
            calls.append(phrase)
            return sizes[0] if phrase == phrases[lead] else sizes[1]

        monkeypatch.setattr(search_backend.DatabaseBackend, "_reach", staticmethod(fake_reach))
        found = search("公开 医保", order="date", per_page=50)
        assert set(calls) == set(phrases)
        assert ids(found) == list(dict.fromkeys(pieces[:limit])), split
        assert found.capped == (len(pieces) >= limit)


def test_the_rarest_word_is_judged_by_its_count_and_its_newest_pieces(
    world: Any, words: dict[str, Any], monkeypatch: Any
) -> None:
    from gongkai.search import tokenize

    gk, yb = tokenize.query_phrases("公开 医保")
    reach = search_backend.DatabaseBackend._reach
    yb_pieces = SearchChunk.objects.filter(tokens__contains="医保").order_by("-id")
    count, oldest = reach(yb, [], 2)
    assert count == yb_pieces.count() > 2
    assert oldest == yb_pieces[1].id
    # with the filters: only the district's item, whose summary and body say 公开
    in_district = search_backend.query_filter_tokens(Query(agency_path=world.district.path))
    district_gk = SearchChunk.objects.filter(item_id=words["district"].pk, tokens__contains="公开")
    assert reach(gk, [tokenize.Phrase((t,)) for t in in_district], 100) == (
        2,
        min(c.id for c in district_gk),
    )
    monkeypatch.setattr(search_backend, "COLLECT_LIMIT", 3)
    assert reach(gk, [], 100)[0] == 3
    assert reach(tokenize.Phrase(("防汛",)), [], 100) == (0, 0)
