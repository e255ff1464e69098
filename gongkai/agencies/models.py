from __future__ import annotations

import hashlib
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.querysets import AgencyQuerySet

# Each tree level adds one fixed-width segment; 8 digits of the primary key keep lexical order
# equal to insertion order and make `path LIKE 'prefix%'` select exactly one subtree.
PATH_SEGMENT_WIDTH = 8
PATH_SEPARATOR = "."


class Kind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    DEPARTMENT = "department", _("政府部门")
    DISPATCHED = "dispatched", _("派出机构")
    AUTHORISED = "authorised", _("法律法规授权组织")
    PUBLIC_ENTERPRISE = "public_enterprise", _("公共企事业单位")


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")


class Role(models.TextChoices):
    CLERK = "clerk", _("经办人员")
    REVIEWER = "reviewer", _("审核人员")
    OFFICE_HEAD = "office_head", _("政府信息公开工作机构负责人")
    SUPERVISOR = "supervisor", _("主管部门监督人员")
    ADMIN = "admin", _("平台管理员")


class Agency(models.Model):
    name = models.CharField(_("机关名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    kind = models.CharField(_("机关类型"), max_length=24, choices=Kind.choices)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    code = models.CharField(
        _("机关代码"),
        max_length=20,
        unique=True,
        help_text=_("统一社会信用代码或组织机构代码，用作索引号前缀"),
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    office_name = models.CharField(_("政府信息公开工作机构"), max_length=120, blank=True)
    office_address = models.CharField(_("办公地址"), max_length=255, blank=True)
    office_postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=255, blank=True)
    office_phone = models.CharField(_("联系电话"), max_length=64, blank=True)
    office_fax = models.CharField(_("传真"), max_length=64, blank=True)
    office_email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    oversees_disclosure = models.BooleanField(
        _("政府信息公开工作主管部门"),
        default=False,
        help_text=_(
            "本级人民政府的政府信息公开工作主管部门（通常为政府办公室）：审核本级政府及所属机关的年度报告"
        ),
    )
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects: ClassVar[AgencyQuerySet] = AgencyQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("机关")
        verbose_name_plural = _("机关")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="agency_unique_name_under_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count(PATH_SEPARATOR)

    def ancestor_paths(self, *, include_self: bool = False) -> list[str]:
        parts = self.path.split(PATH_SEPARATOR)[:-1]
        paths = [PATH_SEPARATOR.join(parts[: i + 1]) + PATH_SEPARATOR for i in range(len(parts))]
        return paths if include_self else paths[:-1]

    def is_within(self, other: Agency) -> bool:
        """True when self is `other` or one of its descendants."""
        return self.path.startswith(other.path)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}{PATH_SEPARATOR}"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    granted_at = models.DateTimeField(_("授权时间"), default=timezone.now)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        ordering = ["agency__path", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once on creation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    label = models.CharField(_("用途"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
