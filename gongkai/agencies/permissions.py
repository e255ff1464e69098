"""Every permission decision of the platform, in one place.

Views, the API and management commands ask this module; none of them reasons about roles itself.
A permission is granted by a membership (user, agency, role) and reaches:
- the membership's own agency, for clerks, reviewers and office heads;
- the agency's whole subtree, for supervisors (主管部门);
- every agency, for platform administrators.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from gongkai.agencies.models import PATH_SEPARATOR, Agency, Membership, Role
from gongkai.agencies.querysets import AgencyQuerySet
from gongkai.core.errors import NotAllowed

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class Perm(StrEnum):
    VIEW_AGENCY = "view_agency"  # see the agency's back-office records
    HANDLE_REQUESTS = "handle_requests"  # 经办: intake and process applications, draft catalogue items
    REVIEW = "review"  # 审核 / 保密审查 before publishing
    APPROVE_EXTENSION = "approve_extension"  # 条例 第三十三条: the office head approves the extension
    MANAGE_AGENCY = "manage_agency"  # office contact details, the 指南
    SUPERVISE = "supervise"  # dashboards and assessment over the subtree
    VIEW_AUDIT = "view_audit"
    MANAGE_STAFF = "manage_staff"
    MANAGE_REFERENCE_DATA = "manage_reference_data"  # holiday schedules, agency tree
    # 第四十九条: departments submit their annual report to the same-level 政府信息公开工作主管部门, which
    # returns or accepts it. Reaches the subtree of the government the overseeing office belongs to.
    REVIEW_REPORTS = "review_reports"


ROLE_PERMS: dict[Role, frozenset[Perm]] = {
    Role.CLERK: frozenset({Perm.VIEW_AGENCY, Perm.HANDLE_REQUESTS}),
    Role.REVIEWER: frozenset({Perm.VIEW_AGENCY, Perm.REVIEW}),
    Role.OFFICE_HEAD: frozenset(
        {
            Perm.VIEW_AGENCY,
            Perm.HANDLE_REQUESTS,
            Perm.REVIEW,
            Perm.APPROVE_EXTENSION,
            Perm.MANAGE_AGENCY,
            Perm.REVIEW_REPORTS,  # only at an agency that oversees disclosure, see _grant_reaches
            Perm.SUPERVISE,  # likewise
        }
    ),
    Role.SUPERVISOR: frozenset({Perm.VIEW_AGENCY, Perm.SUPERVISE, Perm.REVIEW_REPORTS}),
    Role.ADMIN: frozenset(Perm),
}

SUBTREE_ROLES = frozenset({Role.SUPERVISOR})
GLOBAL_ROLES = frozenset({Role.ADMIN})
GLOBAL_PERMS = frozenset({Perm.VIEW_AUDIT, Perm.MANAGE_STAFF, Perm.MANAGE_REFERENCE_DATA})


@dataclass(frozen=True)
class Grant:
    role: Role
    agency_id: int
    agency_path: str
    oversees_disclosure: bool = False

    @property
    def government_path(self) -> str:
        """The subtree an overseeing office answers for: its parent government's (its own at the root)."""
        parts = self.agency_path.split(PATH_SEPARATOR)[:-1]
        return PATH_SEPARATOR.join(parts[:-1]) + PATH_SEPARATOR if len(parts) > 1 else self.agency_path


def grants(user: User | AbstractBaseUser | AnonymousUser) -> tuple[Grant, ...]:
    """The user's active memberships, loaded once per user object (i.e. once per request)."""
    if not user.is_authenticated or not user.is_active:
        return ()
    cached: tuple[Grant, ...] | None = getattr(user, "_gongkai_grants", None)
    if cached is None:
        rows = Membership.objects.filter(user_id=user.pk, agency__active=True).values_list(
            "role", "agency_id", "agency__path", "agency__oversees_disclosure"
        )
        cached = tuple(
            Grant(Role(role), agency_id, path, oversees) for role, agency_id, path, oversees in rows
        )
        user._gongkai_grants = cached  # type: ignore[attr-defined]
    return cached


def forget(user: User | AbstractBaseUser | AnonymousUser) -> None:
    """Drop the per-request cache after memberships change."""
    if hasattr(user, "_gongkai_grants"):
        del user._gongkai_grants


def is_platform_admin(user: User | AbstractBaseUser | AnonymousUser) -> bool:
    return any(g.role in GLOBAL_ROLES for g in grants(user))


# What the office head of a government's 政府信息公开工作主管部门 (an agency with oversees_disclosure)
# holds over that government's whole subtree: reviewing reports, the supervision dashboard, and seeing
# the records behind its numbers. Other office heads hold the first two nowhere.
OVERSIGHT_PERMS = frozenset({Perm.REVIEW_REPORTS, Perm.SUPERVISE})
OVERSIGHT_REACH = OVERSIGHT_PERMS | {Perm.VIEW_AGENCY}


def _oversees(grant: Grant) -> bool:
    return grant.role == Role.OFFICE_HEAD and grant.oversees_disclosure


def _grant_reaches(grant: Grant, agency: Agency, perm: Perm) -> bool:
    if grant.role in GLOBAL_ROLES:
        return True
    if _oversees(grant) and perm in OVERSIGHT_REACH:
        return agency.path.startswith(grant.government_path)
    if perm in OVERSIGHT_PERMS and grant.role not in SUBTREE_ROLES:
        return False
    if grant.role in SUBTREE_ROLES:
        return agency.path.startswith(grant.agency_path)
    return grant.agency_id == agency.pk


def has_perm(user: User | AbstractBaseUser | AnonymousUser, perm: Perm, agency: Agency | None = None) -> bool:
    """May `user` do `perm` on `agency`? With agency=None: on at least one agency (or globally)."""
    for grant in grants(user):
        if perm not in ROLE_PERMS[grant.role]:
            continue
        if perm in GLOBAL_PERMS and grant.role not in GLOBAL_ROLES:
            continue
        if agency is None and perm in OVERSIGHT_PERMS and grant.role == Role.OFFICE_HEAD:
            if grant.oversees_disclosure:
                return True
            continue
        if agency is None or _grant_reaches(grant, agency, perm):
            return True
    return False


def require(user: User | AbstractBaseUser | AnonymousUser, perm: Perm, agency: Agency | None = None) -> None:
    if not has_perm(user, perm, agency):
        raise NotAllowed(_DENIED.get(perm, "您没有执行此操作的权限"))


_DENIED: dict[Perm, str] = {
    Perm.APPROVE_EXTENSION: "只有政府信息公开工作机构负责人可以批准延期答复",
    Perm.REVIEW: "只有审核人员可以进行审核和保密审查",
    Perm.MANAGE_AGENCY: "只有本机关政府信息公开工作机构负责人或平台管理员可以修改机关信息",
    Perm.VIEW_AUDIT: "只有平台管理员可以查看审计日志",
    Perm.MANAGE_STAFF: "只有平台管理员可以管理人员",
    Perm.MANAGE_REFERENCE_DATA: "只有平台管理员可以维护基础数据",
    Perm.REVIEW_REPORTS: "只有本级政府信息公开工作主管部门的负责人或上级监督人员可以审核年度报告",
}


def agencies_with(user: User | AbstractBaseUser | AnonymousUser, perm: Perm) -> AgencyQuerySet:
    """All agencies on which `user` holds `perm`, as one query whatever the tree's depth."""
    relevant = [g for g in grants(user) if perm in ROLE_PERMS[g.role]]
    if any(g.role in GLOBAL_ROLES for g in relevant):
        return Agency.objects.all()
    if perm in GLOBAL_PERMS:
        return Agency.objects.none()
    subtree_paths = [g.agency_path for g in relevant if g.role in SUBTREE_ROLES]
    own_ids = [g.agency_id for g in relevant if g.role not in SUBTREE_ROLES]
    if perm in OVERSIGHT_REACH:
        subtree_paths += [g.government_path for g in relevant if _oversees(g)]
    if perm in OVERSIGHT_PERMS:
        own_ids = []
    if not subtree_paths and not own_ids:
        return Agency.objects.none()
    return Agency.objects.in_subtrees(subtree_paths, or_ids=own_ids)


def visible_agencies(user: User | AbstractBaseUser | AnonymousUser) -> AgencyQuerySet:
    return agencies_with(user, Perm.VIEW_AGENCY)


def get_agency_or_404(
    user: User | AbstractBaseUser | AnonymousUser, code: str, perm: Perm = Perm.VIEW_AGENCY
) -> Agency:
    """An agency the user may act on; 404 (not 403) otherwise so other agencies' existence does not leak."""
    agency = Agency.objects.filter(code=code).first()
    if agency is None or not has_perm(user, perm, agency):
        raise Http404("没有找到该机关，或您无权访问")
    return agency


def home_agencies(user: User | AbstractBaseUser | AnonymousUser) -> list[Agency]:
    """The agencies a person works for (their memberships), for the back-office agency switcher."""
    ids = {g.agency_id for g in grants(user)}
    return list(Agency.objects.filter(pk__in=ids).order_by("path"))


def roles_at(user: User | AbstractBaseUser | AnonymousUser, agency: Agency) -> list[Role]:
    return [g.role for g in grants(user) if g.agency_id == agency.pk]
