"""The agency tree keeps a materialised path, so any subtree is one query whatever its depth."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies import permissions, services
from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import PATH_SEGMENT_WIDTH, Agency, path_segment


def make(name: str, serial: int, parent: Agency | None = None, kind: str = "department") -> Agency:
    return services.agency_create(
        actor=None, name=name, kind=kind, level="city", code=fictional_uscc(serial), parent=parent
    )


def chain(depth: int, serial_base: int = 200) -> list[Agency]:
    """A root with `depth` levels below it: nodes[0] is the root, nodes[depth] the deepest."""
    nodes = [make("链根", serial_base, kind="government")]
    for level in range(1, depth + 1):
        nodes.append(make(f"链第{level}层", serial_base + level, nodes[-1]))
    return nodes


def codes(qs) -> set[str]:
    return {a.code for a in qs}


def test_a_root_path_is_one_padded_segment_of_its_primary_key(world):
    assert world.city.path == f"{world.city.pk:0{PATH_SEGMENT_WIDTH}d}."
    assert world.city.path == path_segment(world.city.pk)
    assert world.city.depth == 1


def test_a_child_path_extends_its_parent_path(world):
    assert world.agency_a.path == world.city.path + path_segment(world.agency_a.pk)
    assert world.town.path == world.city.path + path_segment(world.district.pk) + path_segment(world.town.pk)
    assert (world.city.depth, world.district.depth, world.town.depth) == (1, 2, 3)


def test_stored_paths_match_the_parent_links_after_reloading(world):
    for agency in Agency.objects.all():
        expected = (agency.parent.path if agency.parent else "") + path_segment(agency.pk)
        assert agency.path == expected


def test_subtree_of_includes_the_agency_and_all_descendants(world):
    assert codes(Agency.objects.subtree_of(world.district)) == {
        world.district.code,
        world.district_dept.code,
        world.town.code,
    }
    assert codes(Agency.objects.subtree_of(world.district, include_self=False)) == {
        world.district_dept.code,
        world.town.code,
    }
    assert Agency.objects.subtree_of(world.city).count() == 6
    assert codes(Agency.objects.subtree_of(world.agency_a)) == {world.agency_a.code}


def test_subtree_of_does_not_match_a_sibling_whose_key_shares_a_prefix(world):
    # Segments are fixed width, so agency 1's subtree never picks up agency 10, 11, ...
    siblings = [make(f"同级机关{i}", 300 + i, world.city) for i in range(12)]
    first = siblings[0]
    assert codes(Agency.objects.subtree_of(first)) == {first.code}


def test_ancestors_of_lists_the_chain_up_to_the_root(world):
    assert list(Agency.objects.ancestors_of(world.town)) == [world.city, world.district]
    assert list(Agency.objects.ancestors_of(world.town, include_self=True)) == [
        world.city,
        world.district,
        world.town,
    ]
    assert list(Agency.objects.ancestors_of(world.city)) == []


def test_in_subtrees_unions_several_subtrees_and_matches_nothing_for_no_paths(world):
    assert codes(Agency.objects.in_subtrees([world.agency_a.path, world.district.path])) == {
        world.agency_a.code,
        world.district.code,
        world.district_dept.code,
        world.town.code,
    }
    assert list(Agency.objects.in_subtrees([])) == []


def test_is_within_is_true_for_self_and_descendants_only(world):
    assert world.town.is_within(world.district)
    assert world.town.is_within(world.town)
    assert world.town.is_within(world.city)
    assert not world.district.is_within(world.town)
    assert not world.agency_a.is_within(world.district)


@pytest.mark.django_db
def test_an_eight_level_chain_has_the_right_depths_and_ancestors():
    nodes = chain(8)
    deepest = nodes[-1]
    assert [n.depth for n in nodes] == list(range(1, 10))
    assert list(Agency.objects.ancestors_of(deepest)) == nodes[:-1]


@pytest.mark.django_db
def test_a_subtree_query_on_an_eight_deep_chain_costs_one_query(django_assert_num_queries):
    nodes = chain(8)
    for start, node in enumerate(nodes):
        with django_assert_num_queries(1):
            rows = list(Agency.objects.subtree_of(node))
        assert [r.pk for r in rows] == [n.pk for n in nodes[start:]]


@pytest.mark.django_db
def test_a_subtree_query_on_a_wide_tree_costs_one_query(django_assert_num_queries):
    root = make("宽树根", 400, kind="government")
    serial = 401
    expected = {root.code}
    for i in range(6):
        branch = make(f"分支{i}", serial, root)
        serial += 1
        expected.add(branch.code)
        for j in range(5):
            leaf = make(f"分支{i}下属{j}", serial, branch)
            serial += 1
            expected.add(leaf.code)
    other = make("另一棵树", 499, kind="government")
    with django_assert_num_queries(1):
        rows = list(Agency.objects.subtree_of(root))
    assert len(rows) == 37
    assert codes(rows) == expected
    assert other.code not in codes(rows)


@pytest.mark.django_db
def test_visible_agencies_loads_grants_once_then_costs_one_query_per_use(django_assert_num_queries):
    nodes = chain(8)
    services.staff_create(
        actor=None, username="deep_supervisor", agency=nodes[0], role="supervisor", password="Deep-pass-2026x"
    )
    user = get_user_model().objects.get(username="deep_supervisor")
    with django_assert_num_queries(2):  # the grants, then the agencies
        first = list(permissions.visible_agencies(user))
    assert len(first) == 9
    with django_assert_num_queries(1):  # grants are cached on the user object
        second = list(permissions.visible_agencies(user))
    assert second == first


def test_visible_agencies_for_a_user_with_several_grants_is_still_bounded(world, django_assert_num_queries):
    services.membership_grant(actor=None, user=world.clerk_a, agency=world.district, role="supervisor")
    services.membership_grant(actor=None, user=world.clerk_a, agency=world.agency_b, role="reviewer")
    user = get_user_model().objects.get(pk=world.clerk_a.pk)
    with django_assert_num_queries(2):
        visible = codes(permissions.visible_agencies(user))
    assert visible == {
        world.agency_a.code,
        world.agency_b.code,
        world.district.code,
        world.district_dept.code,
        world.town.code,
    }
