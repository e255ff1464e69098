"""The acceptance criterion of issue 6 on the five hand-checked seed reports (../shared/seeds): every
figure of seeds/expected/*.json "values" is imported with the expected value, no other figure is
imported (except the hand-checked ones listed per seed below), and each listed inconsistency is
reported as an issue — the mapping from each sentence of "inconsistencies" to the rule and cell the
importer reports it under is spelled out here, so a reader can check it.

The seeds are not copied into the repository: the test reads them from GONGKAI_SEEDS or from the
repository's sibling shared/seeds, and skips with the reason when they are not there."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from gongkai.annual_reports.vocabulary import check_document, known
from gongkai.legacy_import import readers
from gongkai.legacy_import.importer import import_source

SEEDS = Path(os.environ.get("GONGKAI_SEEDS") or Path(__file__).resolve().parents[3] / "../shared/seeds")

# Keys of an expected file that the vocabulary spells differently: 002's "新闻发布会召开次数" row is
# the vocabulary's responses.press_conferences (statistics-vocabulary.md §2 has no bare press_conferences).
ALIASES: dict[str, str] = {"press_conferences": "responses.press_conferences"}

# Keys of an expected file the vocabulary does not have (vocabulary.FLAT_KEYS is the only allowed
# figure key list), so no document may carry them. stats_table maps the rows to these keys and drops
# them only because vocabulary.known() refuses them: once the vocabulary adds them, the test below
# requires them like every other figure.
NOT_IN_VOCABULARY: dict[str, str] = {}  # outcomes.refused.unclear / .secret were added for seed 002

# Figures imported beyond the expected values, each hand-checked in the source (none so far).
ALLOWED_EXTRA: dict[str, dict[str, tuple[int, str]]] = {}

# Each sentence of "inconsistencies", by its opening words, → the (rule, where) it is reported under,
# and words the issue's message must contain.
INCONSISTENCIES: dict[str, list[tuple[str, str, str, tuple[str, ...]]]] = {
    "000_12b720f74bf2e024": [
        # 五 states 47 litigation cases, then "全年各级政府机关…行政诉讼案件0件" in the same section.
        ("litigation: section 五 states 47", "P", "litigation.total", ("47", "0")),
        # 收到10623件、已办结10566件: 57 go into the next year without a stated number.
        ("requests: 10623 received but 10566", "P", "requests.completed", ("10623", "10566", "57")),
    ],
    "001_26a92b83e955fcd2": [],
    "002_4a8c81c2fb3c47ba": [
        # 公开的数量·公开信息总数 累计数 11035 against 公开的内容·公开信息总数 累计数 10701 (= its sub-rows).
        ("cumulative proactive total is 11035", "S", "proactive.total（累计数）", ("11035", "10701")),
        # 信息公开专栏…点击次数 28771 in the table, 网站访问量 327271人次 in the prose.
        ("the 2012 click count", "P", "网站访问量", ("28771", "327271")),
    ],
    "003_02dea9a19f414bf2": [
        # Prose 政务微博微信 2562 against the table's 政务微博 561 + 政务微信 2011 = 2572.
        ("the prose gives 2562", "P", "proactive.channel.weibo_wechat", ("2562", "561", "2011", "2572")),
        # （三）申请答复数 89 against its printed rows 21+60+2+6+4 = 93.
        ("outcome rows sum to 93", "S", "outcomes.total", ("89", "93")),
        # The chart data's breakdown by source (11771+2341+9513+2562 = 26187) is consistent with the total,
        # so it is no contradiction of its own; it is where the prose's 2562 comes from, and the 政务微博微信
        # issue says so by naming the other places the same number is printed (line 12, the chart data).
        ("the proactive total 26187 equals", "P", "proactive.channel.weibo_wechat", ("2562这个数还出现在",)),
    ],
    "004_4690f395d64c9e45": [
        # 通过政府门户网站公开政府信息达132408条 exceeds 累计主动公开政府各类信息6748条: not a channel of it.
        (
            "the website is said to have published 132408",
            "P",
            "proactive.channel.website",
            ("132408", "6748"),
        ),
    ],
}


def _seeds() -> list[str]:
    if not SEEDS.is_dir():
        return []
    return sorted(path.stem for path in SEEDS.glob("*.txt"))


SEED_NAMES = _seeds()
pytestmark = pytest.mark.skipif(
    not SEED_NAMES, reason=f"seed reports not found at {SEEDS} (set GONGKAI_SEEDS to the seeds folder)"
)


def _import(name: str) -> tuple[Any, dict[str, Any]]:
    path = SEEDS / f"{name}.txt"
    expected = json.loads((SEEDS / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    source = readers.read(path.read_bytes(), path.name)
    return import_source(source), expected


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_expected_figure_is_imported(name: str) -> None:
    document, expected = _import(name)
    missing: dict[str, tuple[Any, Any]] = {}
    for key, value in expected["values"].items():
        figure = ALIASES.get(key, key)
        if not known(figure):
            assert key in NOT_IN_VOCABULARY, (
                f"{key} is neither in the vocabulary nor listed as missing from it"
            )
            continue
        if document.figures.get(figure) != value:
            missing[figure] = (value, document.figures.get(figure))
    assert not missing, f"expected vs imported: {missing}"


@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_other_figure_is_imported(name: str) -> None:
    document, expected = _import(name)
    wanted = {ALIASES.get(key, key): value for key, value in expected["values"].items()}
    allowed = {key: value for key, (value, _) in ALLOWED_EXTRA.get(name, {}).items()}
    extra = {
        key: value for key, value in document.figures.items() if wanted.get(key, allowed.get(key)) != value
    }
    assert not extra, f"imported but not expected (or with another value): {extra}"
    assert check_document(document.to_json()) == []


@pytest.mark.parametrize("name", SEED_NAMES)
def test_each_inconsistency_is_reported(name: str) -> None:
    document, expected = _import(name)
    mapping = INCONSISTENCIES[name]
    sentences = expected["inconsistencies"]
    assert len(mapping) == len(sentences), "every listed inconsistency needs a mapping here"
    for (opening, rule, where, words), sentence in zip(mapping, sentences, strict=True):
        assert sentence.startswith(opening), (opening, sentence)
        issues = [issue for issue in document.issues if (issue.rule, issue.where) == (rule, where)]
        assert issues, (
            f"{sentence!r}: no {rule} issue at {where}; issues: {[(i.rule, i.where) for i in document.issues]}"
        )
        assert any(all(word in issue.message for word in words) for issue in issues), [
            i.message for i in issues
        ]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_year_and_provenance(name: str) -> None:
    document, expected = _import(name)
    assert document.year == expected["year"]
    for key in document.figures:
        evidence = document.provenance[key]
        assert evidence["text"], key
        assert evidence["line"] >= 1, key


def test_seed_counts() -> None:
    """Per seed: expected figures, figures imported, expected figures imported with their value. Only
    the keys the vocabulary lacks (NOT_IN_VOCABULARY) may be short."""
    counts: dict[str, tuple[int, int, int]] = {}
    for name in SEED_NAMES:
        document, expected = _import(name)
        wanted = {ALIASES.get(key, key): value for key, value in expected["values"].items()}
        matched = sum(1 for key, value in wanted.items() if document.figures.get(key) == value)
        counts[name] = (len(wanted), len(document.figures), matched)
        lacking = sum(1 for key in wanted if key in NOT_IN_VOCABULARY and not known(key))
        assert matched == len(wanted) - lacking, counts
    print("seed: expected, imported, matched", counts)  # shown with pytest -s
