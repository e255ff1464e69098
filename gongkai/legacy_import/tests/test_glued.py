"""The glued-cell splitter: every split a digit string allows under the table's identities, no more and
no fewer (checked exhaustively against brute force), ambiguous and impossible strings, the bound on
the search, and the column identities of table 三 choosing among candidate splits."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

import pytest

from gongkai.legacy_import import glued
from gongkai.legacy_import.glued import (
    SearchTooLarge,
    agreed,
    appeal_splits,
    cell_offsets,
    free_splits,
    free_splits_with_blanks,
    group_splits,
    resolve_requests,
    row_splits,
    show,
)


def brute(digits: str, sizes: Sequence[int]) -> list[tuple[int, ...]]:
    """Every cut of `digits` into sum(sizes) cells without leading zeros where each group's last cell is
    the sum of the others."""
    cells = sum(sizes)
    found = []
    for cuts in itertools.combinations(range(1, len(digits)), cells - 1):
        bounds = (0, *cuts, len(digits))
        parts = [digits[bounds[i] : bounds[i + 1]] for i in range(cells)]
        if any(len(part) > 1 and part[0] == "0" for part in parts):
            continue
        values = [int(part) for part in parts]
        start, ok = 0, True
        for size in sizes:
            ok = ok and sum(values[start : start + size - 1]) == values[start + size - 1]
            start += size
        if ok:
            found.append(tuple(values))
    return sorted(found)


# --- one table 三 row -----------------------------------------------------------------------------------


def test_a_glued_row_splits_into_its_seven_cells() -> None:
    # "一、本年新收政府信息公开申请数量5230001065": 52 + 3 + 10 = 65, and no other split adds up.
    assert row_splits("5230001065") == [(52, 3, 0, 0, 0, 10, 65)]


def test_a_row_of_zeros_and_single_digits_has_one_split() -> None:
    assert row_splits("0000000") == [(0,) * 7]
    assert row_splits("1000001") == [(1, 0, 0, 0, 0, 0, 1)]
    assert row_splits("3000104") == [(3, 0, 0, 0, 1, 0, 4)]


def test_cells_never_have_leading_zeros() -> None:
    # "05" is not a cell: 0500005 can only be 0/5/0/0/0/0/5.
    assert row_splits("0500005") == [(0, 5, 0, 0, 0, 0, 5)]
    # 05 + 05 would be a sum, but neither is a number as printed.
    assert group_splits("0505", (2,)) == []
    assert group_splits("0000", (2,)) == []
    assert group_splits("000", (3,)) == [(0, 0, 0)]


def test_ambiguous_rows_return_every_split() -> None:
    # Rows 一 and 二 of fixture t21_glued_beitang_science_2023 print the same digits.
    assert row_splits("311000317") == [(3, 1, 10, 0, 0, 3, 17), (3, 11, 0, 0, 0, 3, 17)]
    assert row_splits("011021216") == [
        (0, 1, 1, 0, 2, 12, 16),
        (0, 1, 10, 2, 1, 2, 16),
        (0, 11, 0, 2, 1, 2, 16),
    ]


def test_even_the_total_can_be_ambiguous() -> None:
    # 总计 965 (1+1+51+910+1+1) or 65 (1+15+19+10+1+19 …): the digits do not say which.
    splits = row_splits("115191011965")
    assert {split[-1] for split in splits} == {965, 65}
    assert (1, 1, 51, 910, 1, 1, 965) in splits
    assert (11, 5, 19, 10, 11, 9, 65) in splits
    assert agreed(splits)[-1] is None


@pytest.mark.parametrize(
    "digits",
    [
        "123456",  # six digits cannot make seven cells
        "1111111",  # 1+1+1+1+1+1 = 6, not 1
        "9999999999",  # no six parts add up to what follows them
        "0000001",  # the six zeros add up to 0, not 1
        "10000000",  # 1/0/0/0/0/0/00 and 10/…: leading zeros or wrong sums
    ],
)
def test_impossible_rows_have_no_split(digits: str) -> None:
    assert row_splits(digits) == []
    assert brute(digits, (7,)) == []


def test_the_splitter_agrees_with_brute_force_on_every_short_string() -> None:
    for length in range(7, 10):
        for digits in map("".join, itertools.product("012", repeat=length)):
            assert sorted(row_splits(digits)) == brute(digits, (7,)), digits


def test_the_splitter_agrees_with_brute_force_on_random_strings() -> None:
    rng = random.Random(6)
    for _ in range(400):
        digits = "".join(rng.choice("0011223459") for _ in range(rng.randint(7, 14)))
        assert sorted(row_splits(digits)) == brute(digits, (7,)), digits
        assert sorted(group_splits(digits, (3, 4))) == brute(digits, (3, 4)), digits
        assert sorted(group_splits(digits, (2, 2, 3))) == brute(digits, (2, 2, 3)), digits


def test_every_printed_row_is_among_the_splits_of_its_glued_digits() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        six = [rng.choice([0, 0, 1, 2, 3, 10, 12, 101, 2345]) for _ in range(6)]
        row = (*six, sum(six))
        assert row in row_splits("".join(map(str, row)))


def test_long_rows_stay_bounded() -> None:
    # Up to ~25 digits the search finishes within its budget; beyond, it stops instead of stalling.
    for digits in ("1" * 25, "12" * 12 + "1", "9" * 24 + "1", "1234567890123456789012345"):
        row_splits(digits)
    with pytest.raises(SearchTooLarge):
        row_splits("1" * 60)
    with pytest.raises(SearchTooLarge):
        row_splits("1" * 25, budget=50)


def test_not_a_digit_string_is_refused() -> None:
    with pytest.raises(ValueError, match="digit"):
        row_splits("12a4567")
    with pytest.raises(ValueError, match="digit"):
        row_splits("")
    with pytest.raises(ValueError, match="group"):
        group_splits("123", (1,))


# --- table 四 ------------------------------------------------------------------------------------------


def test_table_four_splits_by_its_three_group_sums() -> None:
    assert appeal_splits("000000000000000") == [(0,) * 15]
    assert appeal_splits("100122100300000") == [(1, 0, 0, 1, 2, 2, 1, 0, 0, 3, 0, 0, 0, 0, 0)]


def test_table_four_ambiguity_is_reported_in_full() -> None:
    # 行政复议 11 upheld, or 1 upheld and 10 corrected: both total 11.
    assert appeal_splits("11000110000000000") == [
        (1, 10, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        (11, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    ]
    assert appeal_splits("1100011", groups=1) == [(1, 10, 0, 0, 11), (11, 0, 0, 0, 11)]


def test_table_four_agrees_with_brute_force() -> None:
    rng = random.Random(8)
    for _ in range(300):
        digits = "".join(rng.choice("000112") for _ in range(rng.randint(15, 18)))
        assert sorted(appeal_splits(digits)) == brute(digits, (5, 5, 5)), digits
    assert appeal_splits("1" * 14) == []  # fewer digits than cells


# --- table 二: no identity ------------------------------------------------------------------------------


def test_free_splits_are_every_cut_without_leading_zeros() -> None:
    assert free_splits("5248", 3) == [(5, 2, 48), (5, 24, 8), (52, 4, 8)]
    assert free_splits("000", 3) == [(0, 0, 0)]
    assert free_splits("1536", 1) == [(1536,)]
    assert free_splits("105", 3) == [(1, 0, 5)]
    assert free_splits("12", 3) == []


def test_blank_cells_leave_no_trace_once_glued() -> None:
    # 政府集中采购14: 14 with a blank 采购总金额, or 1 and 4.
    assert free_splits_with_blanks("14", 2) == [(1, 4), (14, None), (None, 14)]
    # Only zeros in every cell are certain: "000" cannot hide a blank.
    assert free_splits_with_blanks("000", 3) == [(0, 0, 0)]
    readings = free_splits_with_blanks("705", 3)
    assert readings[0] == (7, 0, 5)
    assert (70, None, 5) in readings
    assert agreed(readings) == (None, None, None)


# --- helpers -------------------------------------------------------------------------------------------


def test_offsets_agreement_and_display() -> None:
    assert cell_offsets((52, 3, 0, 0, 0, 10, 65)) == [(0, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 8), (8, 10)]
    assert cell_offsets((14, None)) == [(0, 2), (2, 2)]
    assert agreed([(3, 1, 10, 17), (3, 11, 0, 17)]) == (3, None, None, 17)
    assert agreed([]) == ()
    assert show((5, None, 48)) == "5/空/48"
    assert show((1, 0, 0, 0, 1, 0, 0, 0, 0, 0), 5) == "1/0/0/0/1｜0/0/0/0/0"


# --- the column identities of table 三 -------------------------------------------------------------------

OUTCOMES = ("a", "b")


def _rows(**rows: list[tuple[int, ...]]) -> dict[str, list[tuple[int, ...]]]:
    return dict(rows)


def test_one_ambiguous_result_row_is_decided_by_the_results_total() -> None:
    # Row a is 3/1/10/…/17 or 3/11/0/…/17; （七）总计 and row b leave only the first.
    rows = _rows(
        new=[(4, 1, 10, 0, 0, 3, 18)],
        carried_in=[(0,) * 7],
        a=[(3, 1, 10, 0, 0, 3, 17), (3, 11, 0, 0, 0, 3, 17)],
        b=[(1, 0, 0, 0, 0, 0, 1)],
        r7_total=[(4, 1, 10, 0, 0, 3, 18)],
        carried_out=[(0,) * 7],
    )
    resolution = resolve_requests(rows, outcome_keys=OUTCOMES)
    assert resolution.candidates["a"] == [(3, 1, 10, 0, 0, 3, 17)]
    assert resolution.used == ("V3", "V4")
    assert resolution.satisfiable


def test_rows_that_compensate_each_other_stay_ambiguous() -> None:
    # 一 and 二 print the same digits: swapping their readings keeps 一 + 二 the same.
    x, y = (3, 1, 10, 0, 0, 3, 17), (3, 11, 0, 0, 0, 3, 17)
    rows = _rows(
        new=[x, y],
        carried_in=[x, y],
        a=[(6, 12, 10, 0, 0, 6, 34)],
        b=[(0,) * 7],
        r7_total=[(6, 12, 10, 0, 0, 6, 34)],
        carried_out=[(0,) * 7],
    )
    resolution = resolve_requests(rows, outcome_keys=OUTCOMES)
    assert resolution.candidates["new"] == [x, y]
    assert resolution.candidates["carried_in"] == [x, y]
    assert resolution.satisfiable


def test_the_footnote_identity_decides_the_carried_out_row() -> None:
    rows = _rows(
        new=[(2, 0, 0, 0, 0, 0, 2)],
        carried_in=[(10, 0, 0, 0, 0, 0, 10)],
        a=[(1, 0, 0, 0, 0, 0, 1)],
        b=[(0,) * 7],
        r7_total=[(1, 0, 0, 0, 0, 0, 1)],
        carried_out=[(1, 10, 0, 0, 0, 0, 11), (11, 0, 0, 0, 0, 0, 11)],
    )
    resolution = resolve_requests(rows, outcome_keys=OUTCOMES)
    assert resolution.candidates["carried_out"] == [(11, 0, 0, 0, 0, 0, 11)]


def test_when_the_table_contradicts_itself_nothing_is_dropped() -> None:
    rows = _rows(
        new=[(5, 0, 0, 0, 0, 0, 5)],
        carried_in=[(0,) * 7],
        a=[(3, 1, 10, 0, 0, 3, 17), (3, 11, 0, 0, 0, 3, 17)],
        b=[(0,) * 7],
        r7_total=[(1, 0, 0, 0, 0, 0, 1)],
        carried_out=[(0,) * 7],
    )
    resolution = resolve_requests(rows, outcome_keys=OUTCOMES)
    assert not resolution.satisfiable
    assert resolution.candidates["a"] == rows["a"]


def test_identities_are_used_only_when_their_rows_were_read() -> None:
    # A truncated table: no carried_out row and no row b, so neither identity can be checked.
    rows = _rows(
        new=[(4, 1, 10, 0, 0, 3, 18)],
        carried_in=[(0,) * 7],
        a=[(3, 1, 10, 0, 0, 3, 17), (3, 11, 0, 0, 0, 3, 17)],
        r7_total=[(4, 1, 10, 0, 0, 3, 18)],
    )
    resolution = resolve_requests(rows, outcome_keys=OUTCOMES)
    assert resolution.used == ()
    assert resolution.candidates["a"] == rows["a"]
    # With the outcome rows complete but no carried_out, V4 alone still decides.
    rows["b"] = [(1, 0, 0, 0, 0, 0, 1)]
    resolution = resolve_requests(rows, outcome_keys=OUTCOMES)
    assert resolution.used == ("V4",)
    assert resolution.candidates["a"] == [(3, 1, 10, 0, 0, 3, 17)]


def test_too_many_combinations_give_up_without_dropping_anything() -> None:
    many = [(i, 10 - i, 0, 0, 0, 0, 10) for i in range(11)]
    keys = tuple(f"o{i}" for i in range(12))
    rows = {key: list(many) for key in keys}
    rows |= {
        "new": [(60, 60, 0, 0, 0, 0, 120)],
        "carried_in": [(0,) * 7],
        "r7_total": [(60, 60, 0, 0, 0, 0, 120)],
        "carried_out": [(0,) * 7],
    }
    resolution = glued.resolve_requests(rows, outcome_keys=keys, state_budget=5)
    assert resolution.gave_up
    assert resolution.candidates["o0"] == many


def test_rows_read_cell_by_cell_need_no_resolution() -> None:
    rows = _rows(new=[(1, 0, 0, 0, 0, 0, 1)], a=[(1, 0, 0, 0, 0, 0, 1)])
    resolution = resolve_requests(rows, outcome_keys=OUTCOMES)
    assert resolution.candidates == rows
    assert resolution.used == ()
