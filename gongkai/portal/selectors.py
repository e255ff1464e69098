"""Read-only queries for the public portal."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from gongkai.agencies.models import Agency, Kind


@dataclass
class TreeNode:
    agency: Agency
    children: list[TreeNode] = field(default_factory=list)


def site_root() -> Agency | None:
    """The government the portal speaks for: the first active root of the tree."""
    return Agency.objects.active().roots().order_by("sort_order", "path").first()


def site_name() -> str:
    if settings.GONGKAI_SITE_NAME:
        return str(settings.GONGKAI_SITE_NAME)
    root = site_root()
    return root.name if root is not None else "政府信息公开平台"


def public_tree(root: Agency) -> TreeNode:
    """The active subtree under `root`, built from one query."""
    rows = list(Agency.objects.active().subtree_of(root).order_by("path"))
    nodes = {a.pk: TreeNode(a) for a in rows}
    for agency in rows:
        if agency.parent_id in nodes and agency.pk != root.pk:
            nodes[agency.parent_id].children.append(nodes[agency.pk])
    for node in nodes.values():
        node.children.sort(
            key=lambda n: (n.agency.kind != Kind.GOVERNMENT, n.agency.sort_order, n.agency.path)
        )
    return nodes[root.pk]
