"""The pure tokenizer: what goes into the index and what a query becomes."""

from __future__ import annotations

import pytest

from gongkai.search.tokenize import (
    Phrase,
    document_tokens,
    fold,
    fold_document_number,
    fold_with_offsets,
    is_han,
    phrase_pattern,
    query_phrase,
    query_phrases,
    split_chunks,
)


def matches(query: str, text: str) -> bool:
    """Whether every phrase of the query occurs in the text's token stream, as the index decides."""
    stream = " " + " ".join(document_tokens(text)) + " "
    return all(p.needle() in stream for p in query_phrases(query))


def test_han_runs_become_overlapping_bigrams_plus_the_last_character() -> None:
    assert document_tokens("政府信息") == ["政府", "府信", "信息", "息"]
    assert document_tokens("医") == ["医"]
    assert document_tokens("医保，低保") == ["医保", "保", "低保", "保"]


def test_latin_and_digit_runs_are_lowercase_words() -> None:
    assert document_tokens("PM2.5浓度") == ["pm2", "5", "浓度", "度"]
    assert document_tokens("Open Data 2026") == ["open", "data", "2026"]


def test_full_width_forms_fold_to_half_width() -> None:
    assert fold("ＰＭ２．５（２０２６）") == "pm2.5(2026)"
    assert document_tokens("２０２６年") == document_tokens("2026年")
    assert document_tokens("\u3000医保") == ["医保", "保"]  # ideographic space separates


def test_compatibility_ideographs_fold_to_unified() -> None:
    assert fold("\uf900") == "豈"  # CJK COMPATIBILITY IDEOGRAPH-F900 → U+8C48
    assert is_han("豈")
    assert is_han("〇")
    assert not is_han("a")
    assert not is_han("，")


def test_overlong_words_are_not_indexed() -> None:
    assert document_tokens("a" * 41 + " 医保") == ["医保", "保"]


@pytest.mark.parametrize(
    ("query", "phrases"),
    [
        ("医保", [Phrase(("医保",))]),
        ("低保", [Phrase(("低保",))]),
        ("医", [Phrase(("医",), prefix=True)]),
        ("信息公开", [Phrase(("信息", "息公", "公开"))]),
        ("明教〔2026〕3号", [Phrase(("明教", "教", "2026", "3", "号"), prefix=True)]),
        ("2026年", [Phrase(("2026", "年"), prefix=True)]),
        ("PM2.5", [Phrase(("pm2", "5"))]),
        ("医保 标准", [Phrase(("医保",)), Phrase(("标准",))]),
        ("医保　医保", [Phrase(("医保",))]),  # duplicates dropped, ideographic space splits
        ("，。！", []),
        ("", []),
    ],
)
def test_query_phrases(query: str, phrases: list[Phrase]) -> None:
    assert query_phrases(query) == phrases


def test_phrase_renderings() -> None:
    phrase = query_phrase("明教〔2026〕3号")
    assert phrase is not None
    assert phrase.fts5() == '"明教 教 2026 3 号" *'
    assert phrase.tsquery() == "'明教' <-> '教' <-> '2026' <-> '3' <-> '号':*"
    assert phrase.needle() == " 明教 教 2026 3 号"
    assert Phrase(("医保",)).needle() == " 医保 "


def test_query_parts_are_capped() -> None:
    assert len(query_phrases(" ".join(f"词{i}" for i in range(20)))) == 8


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("医保", "关于做好城乡居民医保参保工作的通知"),  # inside a run
        ("医保", "医疗保障（医保）"),  # a whole run
        ("医保", "门诊医保"),  # at the end of a run
        ("低保", "城市低保标准"),
        ("信息公开", "政府信息公开年度报告"),
        ("公开年度报告", "政府信息公开年度报告"),
        ("报", "年度报告"),  # one character at the end of a run: the unigram
        ("年", "年度报告"),  # one character starting a bigram: the prefix
        ("明教〔2026〕3号", "明教〔2026〕3号"),
        ("明教[2026]3号", "根据《明教〔2026〕3号》文件"),
        ("明教（2026）3号", "明教〔2026〕3号文"),  # 号 continues into 号文
        ("ＰＭ２．５", "PM2.5年均浓度"),
        ("2026年", "2026年度"),
        ("城乡 缴费", "城乡居民医保缴费"),
    ],
)
def test_queries_find_the_text(query: str, text: str) -> None:
    assert matches(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("医保", "医疗保障"),  # the two characters are not adjacent
        ("信息公开", "信息不公开"),
        ("明教〔2026〕3号", "明教〔2026〕31号"),  # 3 is not 31
        ("明教〔2026〕3号", "明教〔2025〕3号"),
        ("东政办〔2025〕12号", "东政〔2025〕12号"),
        ("公开年", "公开，年度"),  # punctuation ends the run in the document
        ("医保 标准", "医保缴费"),  # every part must occur
        ("2026", "20261"),  # words match whole
    ],
)
def test_queries_do_not_find_the_text(query: str, text: str) -> None:
    assert not matches(query, text)


def test_bigram_traps_are_known() -> None:
    """What character bigrams cannot tell apart: measured as precision in test_labelled_queries."""
    assert matches("低保", "降低保费")
    assert matches("医保", "中医保健")


def test_fold_with_offsets_maps_back_to_the_original() -> None:
    folded, offsets = fold_with_offsets("㈠医保")
    assert folded == "(一)医保"
    assert offsets == [0, 0, 0, 1, 2]
    assert fold_with_offsets("ＡＢ")[1] == [0, 1]


def test_phrase_pattern_spans_punctuation_between_runs() -> None:
    pattern = phrase_pattern("明教〔2026〕3号")
    assert pattern is not None
    assert pattern.search(fold("依据明教[2026]3号文件"))
    assert phrase_pattern("，。") is None


@pytest.mark.parametrize(
    "value", ["明教〔2026〕3号", "明教[2026]3号", "明教（2026）3号", "明教【2026】3号", "明教 ﹝2026﹞ 3号"]
)
def test_document_numbers_fold_to_one_spelling(value: str) -> None:
    assert fold_document_number(value) == "明教〔2026〕3号"


def test_split_chunks_cuts_after_sentence_ends_and_keeps_everything() -> None:
    text = ("这是一个句子。" * 3000)[:20_000]
    chunks = split_chunks(text, size=10_000)
    assert all(len(c) <= 10_000 for c in chunks)
    assert all(c.endswith("。") for c in chunks[:-1])
    assert "".join(chunks) == text.strip()
    assert split_chunks("  ") == []
    assert split_chunks("短文本") == ["短文本"]


def test_split_chunks_hard_cuts_text_without_punctuation() -> None:
    chunks = split_chunks("字" * 25_000, size=10_000)
    assert [len(c) for c in chunks] == [10_000, 10_000, 5_000]
