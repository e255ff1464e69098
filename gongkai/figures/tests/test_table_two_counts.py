"""catalogue.table_two: 第二十条第（一）项 counted from the catalogue, across year boundaries, withdrawals
and repeals.

Normative documents (行政规范性文件) of 明湖市教育局 (agency A):

| item | created    | published  | then                    | 2024 | 2025 (E = 12-31)              | 2026                     |
|------|------------|------------|-------------------------|------|-------------------------------|--------------------------|
| N1   | 2024-11-05 | 2024-11-20 |                         | all  | in force, public              | in force, public         |
| N2   | 2025-12-20 | 2026-01-06 |                         | —    | issued, new (not yet public)  | published, in force      |
| N3   | 2025-03-01 | 2025-03-10 | withdrawn 2025-09-01    | —    | issued, new, published        | —                        |
| N4   | 2025-02-01 | 2025-02-05 | 废止 2025-12-31          | —    | issued, new, published, 废止, public (not in force) | public |
| N5   | 2024-05-01 | 2024-05-10 | 失效 2026-01-01          | all  | in force, public              | 废止 column, public       |
| N6   | 2025-04-01 | (draft)    |                         | —    | new only                      | —                        |
| N7   | 2025-07-01 | 2025-07-01 | withdrawn 2026-02-01    | —    | issued, new, published, in force, public | —             |

Plus a 规章 R1 of A, an item of kind "other" of A, and a normative document of 市公安局 (agency B)."""

from __future__ import annotations

import pytest

from gongkai.catalogue.categories import DocKind
from gongkai.catalogue.table_two import KindCounts, catalogue_counts
from gongkai.figures.tests.factories import REGULATION, document

N = DocKind.NORMATIVE_DOCUMENT
R = DocKind.REGULATION


@pytest.fixture
def documents(world):
    a = world.agency_a
    document(a, "N1", created="2024-11-05", published="2024-11-20")
    document(a, "N2", created="2025-12-20", published="2026-01-06")
    document(a, "N3", created="2025-03-01", published="2025-03-10", withdrawn="2025-09-01")
    document(a, "N4", created="2025-02-01", published="2025-02-05", validity=("repealed", "2025-12-31"))
    document(a, "N5", created="2024-05-01", published="2024-05-10", validity=("expired", "2026-01-01"))
    document(a, "N6", created="2025-04-01")
    document(a, "N7", created="2025-07-01", published="2025-07-01", withdrawn="2026-02-01")
    document(a, "R1", created="2025-06-01", published="2025-06-15", kind=REGULATION)
    document(a, "other", created="2025-06-01", published="2025-06-02", kind=DocKind.OTHER)
    document(world.agency_b, "B1", created="2025-05-05", published="2025-05-06")


def counts(issued, repealed, in_force, new, published, public_total):
    return KindCounts(issued, repealed, in_force, new, published, public_total)


def test_2025_counts_withdrawals_repeals_and_the_year_boundary(world, documents):
    result = catalogue_counts(world.agency_a, 2025)
    assert result[N] == counts(issued=4, repealed=1, in_force=3, new=5, published=3, public_total=4)
    assert result[R] == counts(issued=1, repealed=0, in_force=1, new=1, published=1, public_total=1)


def test_2024_sees_nothing_made_later(world, documents):
    result = catalogue_counts(world.agency_a, 2024)
    assert result[N] == counts(issued=2, repealed=0, in_force=2, new=2, published=2, public_total=2)
    assert result[R] == counts(0, 0, 0, 0, 0, 0)


def test_2026_counts_the_january_publication_expiry_and_withdrawal(world, documents):
    result = catalogue_counts(world.agency_a, 2026)
    # N2 published in January is in force; N5 expired on 1 January counts as 废止 and leaves force;
    # N7 withdrawn in February is no longer in force nor public; N4 stays public though repealed.
    assert result[N] == counts(issued=0, repealed=1, in_force=2, new=0, published=1, public_total=4)


def test_a_repeal_on_31_december_counts_that_year_and_ends_force_that_day(world):
    document(
        world.agency_a, "X", created="2025-01-02", published="2025-01-03", validity=("repealed", "2025-12-31")
    )
    assert catalogue_counts(world.agency_a, 2025)[N].repealed == 1
    assert catalogue_counts(world.agency_a, 2025)[N].in_force == 0
    assert catalogue_counts(world.agency_a, 2026)[N].repealed == 0


def test_restoring_validity_removes_the_repeal(world):
    from gongkai.catalogue import services
    from gongkai.disclosure_requests.tests.request_factories import d, on

    item = document(
        world.agency_a, "X", created="2025-01-02", published="2025-01-03", validity=("repealed", "2025-06-01")
    )
    with on("2025-06-02"):
        services.item_set_validity(actor=None, item=item, validity="valid", on=d("2025-06-02"))
    assert catalogue_counts(world.agency_a, 2025)[N] == counts(1, 0, 1, 1, 1, 1)


def test_aggregate_scope_covers_the_subtree_only(world, documents):
    document(world.district_dept, "D1", created="2025-08-01", published="2025-08-02")
    city = catalogue_counts(world.city, 2025, scope="aggregate")
    assert city[N].issued == 4 + 1 + 1  # A, B and the district's department
    assert catalogue_counts(world.city, 2025)[N].issued == 0  # the city government itself made none
    district = catalogue_counts(world.district, 2025, scope="aggregate")
    assert district[N] == counts(1, 0, 1, 1, 1, 1)


def test_one_query_whatever_the_tree(world, documents, django_assert_num_queries):
    with django_assert_num_queries(1):
        catalogue_counts(world.city, 2025, scope="aggregate")
