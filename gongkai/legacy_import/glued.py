"""Cells glued together: a flattened table row printed as one digit string ("5230001065") split back into
its cells using the table's own identities. Pure: no Django imports, no knowledge of labels.

A cell is a non-negative integer without leading zeros ("0" itself is a cell, "05" is not). The
identities used:
- table 三, one row: the six applicant columns add up to 总计 (V2), so a row is one group of 7 cells
  whose last is the sum of the others;
- table 四, the one data row: three groups (行政复议, 未经复议直接起诉, 复议后起诉) of 5 cells whose last
  (总计) is the sum of 结果维持, 结果纠正, 其他结果, 尚未审结 (V7);
- across the rows of table 三, per column: 一 + 二 = 三（七） + 四 (V3, the printed footnote) and （七）总计
  is the sum of the result rows (V4). `resolve_requests` keeps, for each row, only the splits that take
  part in some reading of the whole table satisfying them.

When several splits survive, all are returned: the caller marks the figures they disagree on as
uncertain and names the candidates; it never picks one. The searches are bounded (`SearchTooLarge`)
so a pathological string cannot stall an import."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

Vector = tuple[int, ...]

STEP_BUDGET = 1_000_000  # recursion steps for one digit string
STATE_BUDGET = 200_000  # partial-sum states kept while checking the column identities


class SearchTooLarge(Exception):
    """The digits admit too many readings to enumerate within the budget."""


def _check_digits(digits: str) -> None:
    if not digits or not all("0" <= c <= "9" for c in digits):
        raise ValueError(f"not a digit string: {digits!r}")


def group_splits(digits: str, groups: Sequence[int], *, budget: int = STEP_BUDGET) -> list[Vector]:
    """Every split of `digits` into consecutive groups of `groups[i]` cells where, in each group, the
    last cell is the sum of the others. In print order."""
    _check_digits(digits)
    if not groups or any(size < 2 for size in groups):
        raise ValueError("each group needs at least one part and its total")
    splitter = _GroupSplitter(digits, tuple(groups), budget)
    splitter.group(0, 0)
    return splitter.results


class _GroupSplitter:
    """The depth-first search behind `group_splits`, pruned by what must still fit in the digits left."""

    def __init__(self, digits: str, groups: tuple[int, ...], budget: int) -> None:
        self.digits = digits
        self.n = len(digits)
        self.groups = groups
        # Cells still to come after group g (each at least one digit).
        self.after = [sum(groups[g + 1 :]) for g in range(len(groups))]
        self.budget = budget
        self.steps = 0
        self.results: list[Vector] = []
        self.cells: list[int] = []  # the cells of the groups already split
        self.last: list[int] = []  # the parts of the last group chosen so far

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.budget:
            raise SearchTooLarge(self.digits)

    def group(self, pos: int, g: int) -> None:
        if g == len(self.groups):
            if pos == self.n:
                self.results.append(tuple(self.cells))
            return
        if g < len(self.groups) - 1:
            self.parts(pos, g, 0, 0, 0)
            return
        # The last group's total is the end of the string: try each suffix, then split what is before it
        # into parts adding up to exactly that total.
        size = self.groups[g]
        for start in range(pos + size - 1, self.n):
            total = self.digits[start:]
            if len(total) > 1 and total[0] == "0":
                continue
            self.exact(pos, start, size - 1, int(total), len(total))

    def exact(self, pos: int, stop: int, count: int, target: int, width: int) -> None:
        """Split digits[pos:stop] into `count` parts adding up to `target` (each at most `width` long)."""
        self.step()
        left = stop - pos
        if count == 0:
            if left == 0 and target == 0:
                self.results.append((*self.cells, *self.last, int(self.digits[stop:])))
            return
        # Each part is at most the total, so at most as long as it; and `count` parts from `left` digits
        # add up to less than count × 10^(longest possible part).
        if left < count or left > count * width or target >= count * 10 ** (left - count + 1):
            return
        for length in range(1, min(width, left - count + 1) + 1):
            if length > 1 and self.digits[pos] == "0":
                break
            value = int(self.digits[pos : pos + length])
            if value > target:
                break
            self.last.append(value)
            self.exact(pos + length, stop, count - 1, target - value, width)
            self.last.pop()

    def parts(self, pos: int, g: int, index: int, partial: int, longest: int) -> None:
        """Choose the parts of a group that is not the last; its total must then follow them."""
        self.step()
        size = self.groups[g]
        if index == size - 1:
            total = str(partial)
            if self.digits.startswith(total, pos):
                self.cells.append(partial)
                self.group(pos + len(total), g + 1)
                self.cells.pop()
            return
        parts_after = size - 2 - index  # parts of this group after the one chosen now
        for length in range(1, self.n - pos + 1):
            end = pos + length
            # What must still fit after this part: the other parts, this group's total (at least as
            # long as its longest part) and the cells of the groups after it.
            room = self.n - end - parts_after - self.after[g]
            if room < max(longest, length):
                break
            if length > 1 and self.digits[pos] == "0":
                break
            value = int(self.digits[pos:end])
            if len(str(partial + value)) > room:
                break  # the group's total would not fit in the digits left
            self.cells.append(value)
            self.parts(end, g, index + 1, partial + value, max(longest, length))
            self.cells.pop()


def row_splits(digits: str, cells: int = 7, *, budget: int = STEP_BUDGET) -> list[Vector]:
    """A table 三 row: `cells` numbers whose last (总计) is the sum of the others (V2)."""
    return group_splits(digits, (cells,), budget=budget)


def appeal_splits(digits: str, *, groups: int = 3, budget: int = STEP_BUDGET) -> list[Vector]:
    """Table 四's data row (or one group of it): groups of 5 cells, 总计 = the four results (V7)."""
    return group_splits(digits, (5,) * groups, budget=budget)


def free_splits(digits: str, cells: int, *, budget: int = STEP_BUDGET) -> list[Vector]:
    """Every split into `cells` numbers when the table states no identity between them (table 二)."""
    _check_digits(digits)
    if cells < 1:
        raise ValueError("at least one cell")
    n = len(digits)
    results: list[Vector] = []
    chosen: list[int] = []
    steps = 0

    def walk(pos: int, left: int) -> None:
        nonlocal steps
        steps += 1
        if steps > budget:
            raise SearchTooLarge(digits)
        if left == 0:
            if pos == n:
                results.append(tuple(chosen))
            return
        for length in range(1, n - pos - (left - 1) + 1):
            if length > 1 and digits[pos] == "0":
                break
            chosen.append(int(digits[pos : pos + length]))
            walk(pos + length, left - 1)
            chosen.pop()

    walk(0, cells)
    return results


Reading = tuple[int | None, ...]  # None: a blank cell


def free_splits_with_blanks(digits: str, cells: int, *, budget: int = STEP_BUDGET) -> list[Reading]:
    """Every reading of `digits` as `cells` cells some of which may be blank (table 二 leaves cells
    empty, and a blank leaves no trace once the separators are gone): "14" in two cells is 1/4, 14/空
    or 空/14."""
    readings: list[Reading] = []
    for printed in range(cells, 0, -1):  # the readings with fewest blank cells first
        for values in free_splits(digits, printed, budget=budget):
            for places in combinations(range(cells), printed):
                reading: list[int | None] = [None] * cells
                for place, value in zip(places, values, strict=True):
                    reading[place] = value
                readings.append(tuple(reading))
                if len(readings) > budget:
                    raise SearchTooLarge(digits)
    return readings


def cell_offsets(values: Sequence[int | None]) -> list[tuple[int, int]]:
    """Where each cell of a split sits within the glued digit string."""
    offsets: list[tuple[int, int]] = []
    position = 0
    for value in values:
        length = 0 if value is None else len(str(value))
        offsets.append((position, position + length))
        position += length
    return offsets


def agreed(candidates: Sequence[Sequence[int | None]]) -> tuple[int | None, ...]:
    """Cell by cell, the value every candidate gives (None where they differ or it is blank)."""
    if not candidates:
        return ()
    first = candidates[0]
    return tuple(
        value if all(candidate[i] == value for candidate in candidates) else None
        for i, value in enumerate(first)
    )


def show(values: Sequence[int | None], group: int = 0) -> str:
    """A candidate as printed in findings: 5/2/48, blank cells as 空, groups of `group` cells apart."""
    cells = ["空" if v is None else str(v) for v in values]
    if group <= 0:
        return "/".join(cells)
    return "｜".join("/".join(cells[i : i + group]) for i in range(0, len(cells), group))


# --- the column identities of table 三 ---------------------------------------------------------------


@dataclass
class Resolution:
    """What the column identities leave of each row's candidate splits."""

    candidates: dict[str, list[Vector]]
    used: tuple[str, ...] = ()  # the identities that could be checked: V3 (footnote), V4 (（七）总计)
    satisfiable: bool = True  # False: no combination of the candidates satisfies them (the source errs)
    gave_up: bool = False  # too many combinations to check; candidates left as they were
    notes: list[str] = field(default_factory=list)


def _add(a: Vector, b: Vector) -> Vector:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _sub(a: Vector, b: Vector) -> Vector:
    return tuple(x - y for x, y in zip(a, b, strict=True))


def _within(a: Vector, bound: Vector) -> bool:
    return all(x <= y for x, y in zip(a, bound, strict=True))


def resolve_requests(
    rows: Mapping[str, Sequence[Vector]],
    *,
    outcome_keys: Sequence[str],
    new: str = "new",
    carried_in: str = "carried_in",
    results: str = "r7_total",
    carried_out: str = "carried_out",
    state_budget: int = STATE_BUDGET,
) -> Resolution:
    """Keep, for each row of table 三, the candidate splits that appear in at least one reading of the
    whole table satisfying V3 (new + carried_in = results + carried_out, per column) and V4 (results =
    the outcome rows, per column). `rows` maps a row key to its candidates (one for a row read cell by
    cell, several for an ambiguous glued row, none or absent for a row not read). An identity is used
    only when every row it involves has candidates; when none of the combinations satisfies the
    identities used, nothing is dropped and `satisfiable` is False."""
    candidates = {key: list(dict.fromkeys(values)) for key, values in rows.items() if values}
    resolution = Resolution(candidates={key: list(values) for key, values in candidates.items()})
    if all(len(values) == 1 for values in candidates.values()):
        return resolution
    has_v3 = all(key in candidates for key in (new, carried_in, results, carried_out))
    has_v4 = results in candidates and all(key in candidates for key in outcome_keys)
    resolution.used = (("V3",) if has_v3 else ()) + (("V4",) if has_v4 else ())
    if not resolution.used:
        return resolution
    try:
        kept = _solve(
            candidates,
            outcome_keys,
            keys=(new, carried_in, results, carried_out),
            has_v3=has_v3,
            has_v4=has_v4,
            budget=state_budget,
        )
    except SearchTooLarge:
        resolution.gave_up = True
        return resolution
    if kept is None:
        resolution.satisfiable = False
        return resolution
    resolution.candidates.update(kept)
    return resolution


def _solve(
    candidates: Mapping[str, list[Vector]],
    outcome_keys: Sequence[str],
    *,
    keys: tuple[str, str, str, str],
    has_v3: bool,
    has_v4: bool,
    budget: int,
) -> dict[str, list[Vector]] | None:
    new, carried_in, results, carried_out = keys
    targets = set(candidates[results])
    triples: list[tuple[Vector, Vector, Vector]] = []
    if has_v3:
        combos = len(candidates[new]) * len(candidates[carried_in]) * len(candidates[carried_out])
        if combos > budget:
            raise SearchTooLarge("V3")
        triples = [
            (n, c, o)
            for n in candidates[new]
            for c in candidates[carried_in]
            for o in candidates[carried_out]
            if _sub(_add(n, c), o) in targets
        ]
        targets = {_sub(_add(n, c), o) for n, c, o in triples}
    kept: dict[str, list[Vector]] = {}
    if has_v4 and targets:
        rows = [candidates[key] for key in outcome_keys]
        width = len(next(iter(targets)))
        bound = tuple(max(t[i] for t in targets) for i in range(width))
        zero: Vector = (0,) * width
        forward: list[set[Vector]] = [{zero}]
        for values in rows:
            step = {_add(p, x) for p in forward[-1] for x in values}
            step = {p for p in step if _within(p, bound)}
            if len(step) > budget:
                raise SearchTooLarge("V4")
            forward.append(step)
        targets &= forward[-1]
        backward: list[set[Vector]] = [{zero}]
        for values in reversed(rows):
            step = {_add(x, s) for x in values for s in backward[-1]}
            step = {s for s in step if _within(s, bound)}
            if len(step) > budget:
                raise SearchTooLarge("V4")
            backward.append(step)
        backward.reverse()  # backward[i]: the sums of rows i..end
        for index, key in enumerate(outcome_keys):
            if len(candidates[key]) == 1:
                kept[key] = list(candidates[key])  # in every reading that satisfies the identities
                continue
            kept[key] = [
                x
                for x in candidates[key]
                if any(_sub(_sub(t, p), x) in backward[index + 1] for p in forward[index] for t in targets)
            ]
    if not targets:
        return None
    kept[results] = [t for t in candidates[results] if t in targets]
    if has_v3:
        triples = [(n, c, o) for n, c, o in triples if _sub(_add(n, c), o) in targets]
        kept[new] = [v for v in candidates[new] if any(n == v for n, _, _ in triples)]
        kept[carried_in] = [v for v in candidates[carried_in] if any(c == v for _, c, _ in triples)]
        kept[carried_out] = [v for v in candidates[carried_out] if any(o == v for _, _, o in triples)]
    return kept
