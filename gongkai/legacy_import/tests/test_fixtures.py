"""Every fixture report (fictional, written from the formats' structure) imports to exactly the figures
its expected.json states: each expected value read, nothing read that is not expected, decoys left
alone, the planted inconsistencies reported, and ambiguous readings left for review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gongkai.annual_reports.vocabulary import check_document
from gongkai.legacy_import.importer import import_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _cases() -> list[tuple[str, Any]]:
    cases: list[tuple[str, Any]] = []
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix in (".txt", ".html"):
            cases.append((path.name, path))
    try:
        from gongkai.legacy_import.fixtures import docx_fixtures
    except ImportError:
        return cases
    cases += [(f"{name}.docx", name) for name in docx_fixtures.NAMES]
    return cases


def _load(case: Any) -> tuple[bytes, Path]:
    if isinstance(case, Path):
        return case.read_bytes(), case.with_name(case.name.rsplit(".", 1)[0] + ".expected.json")
    from gongkai.legacy_import.fixtures import docx_fixtures

    return docx_fixtures.build(case), FIXTURES / f"{case}.expected.json"


CASES = _cases()


def test_there_are_enough_fixtures() -> None:
    assert len(CASES) >= 15, [name for name, _ in CASES]


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_fixture_imports_exactly_as_expected(name: str, case: Any) -> None:
    data, expected_path = _load(case)
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    _, document = import_file(data, name)
    figures = {
        key: (float(value) if not isinstance(value, int) else value)
        for key, value in document.figures.items()
    }
    if "format" in expected:
        assert document.format == expected["format"]
    if expected.get("year"):
        assert document.year == expected["year"]
    if expected.get("scope"):
        assert document.scope == expected["scope"]
    wanted = expected.get("values", {})
    missing = {key: value for key, value in wanted.items() if figures.get(key) != value}
    extra = {key: value for key, value in figures.items() if key not in wanted}
    assert not missing, f"missing or wrong: {missing}; read: { {k: figures.get(k) for k in missing} }"
    assert not extra, f"read but not expected: {extra}"
    for key in expected.get("absent", []):
        assert key not in figures, key
    found = {(issue.rule, issue.where) for issue in document.issues}
    for issue in expected.get("issues", []):
        assert (issue["rule"], issue["where"]) in found, (issue, sorted(found))
    for key in expected.get("review", []):
        assert document.provenance.get(key, {}).get("review") is True, key
    for key in figures:
        evidence = document.provenance[key]
        assert evidence["text"], key
    assert check_document(document.to_json()) == []
