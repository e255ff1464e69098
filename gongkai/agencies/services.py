"""Writes on agencies, staff, memberships and API tokens. Each function owns its transaction and
writes exactly one audit row."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency, ApiToken, Kind, Level, Membership, Role, hash_token, path_segment
from gongkai.agencies.permissions import Perm
from gongkai.core import audit
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.core.identifiers import InvalidIdentifier, validate_agency_code

Actor = User | None  # None: the platform itself (migrations, `gongkai demo`, CLI set-up)


class Action:
    AGENCY_CREATED = "agency.created"
    AGENCY_UPDATED = "agency.updated"
    AGENCY_ACTIVATED = "agency.activated"
    AGENCY_DEACTIVATED = "agency.deactivated"
    STAFF_CREATED = "staff.created"
    STAFF_PASSWORD_SET = "staff.password_set"  # noqa: S105  (an action name, not a secret)
    MEMBERSHIP_GRANTED = "membership.granted"
    MEMBERSHIP_REVOKED = "membership.revoked"
    TOKEN_CREATED = "api_token.created"  # noqa: S105  (an action name, not a secret)
    TOKEN_REVOKED = "api_token.revoked"  # noqa: S105  (an action name, not a secret)


CONTACT_FIELDS = (
    "office_name",
    "office_address",
    "office_postcode",
    "office_hours",
    "office_phone",
    "office_fax",
    "office_email",
    "website",
)
EDITABLE_FIELDS = ("name", "short_name", "kind", "level", "code", "sort_order", *CONTACT_FIELDS)


def _field_label(name: str) -> str:
    # Audit summaries are stored records: always in the platform language, whatever the actor's UI.
    field = Agency._meta.get_field(name)
    with translation.override(settings.LANGUAGE_CODE):
        return str(getattr(field, "verbose_name", name))


def _check(actor: Actor, perm: Perm, agency: Agency | None) -> None:
    # The CLI and demo loader act as the platform (actor None); people are checked.
    if actor is not None:
        permissions.require(actor, perm, agency)


def _clean_code(code: str) -> str:
    try:
        return validate_agency_code(code)
    except InvalidIdentifier as exc:
        raise InvalidInput(str(exc), fields={"code": str(exc)}) from exc


@transaction.atomic
def agency_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    level: str,
    code: str,
    parent: Agency | None = None,
    short_name: str = "",
    sort_order: int = 0,
    **contact: str,
) -> Agency:
    """Add an agency to the tree. Only platform administrators (or the platform itself) add agencies."""
    _check(actor, Perm.MANAGE_REFERENCE_DATA, None)
    unknown = set(contact) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    name = name.strip()
    if not name:
        raise InvalidInput("机关名称不能为空", fields={"name": "机关名称不能为空"})
    if kind not in Kind.values:
        raise InvalidInput(f"未知的机关类型：{kind}", fields={"kind": "未知的机关类型"})
    if level not in Level.values:
        raise InvalidInput(f"未知的层级：{level}", fields={"level": "未知的层级"})
    code = _clean_code(code)
    if Agency.objects.filter(code=code).exists():
        raise InvalidInput(f"机关代码 {code} 已被使用", fields={"code": "机关代码已被使用"})
    if Agency.objects.filter(parent=parent, name=name).exists():
        raise InvalidInput(f"同一上级机关下已有“{name}”", fields={"name": "同一上级机关下名称重复"})
    if parent is not None and not parent.active:
        raise InvalidInput("上级机关已停用，不能在其下新增机关", fields={"parent": "上级机关已停用"})
    agency = Agency(
        name=name,
        short_name=short_name.strip(),
        kind=kind,
        level=level,
        code=code,
        parent=parent,
        sort_order=sort_order,
        # Unique placeholder until the primary key is known; the path is built from it below.
        path=f"~{secrets.token_hex(8)}",
        **{k: v.strip() for k, v in contact.items()},
    )
    if agency.office_email:
        try:
            validate_email(agency.office_email)
        except ValidationError as exc:
            raise InvalidInput("电子邮箱格式不正确", fields={"office_email": "电子邮箱格式不正确"}) from exc
    try:
        agency.save()
    except IntegrityError as exc:
        raise InvalidInput("机关代码或名称与已有机关重复") from exc
    agency.path = (parent.path if parent is not None else "") + path_segment(agency.pk)
    agency.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action=Action.AGENCY_CREATED,
        target=agency,
        summary=f"新增机关“{agency.name}”" + (f"（上级：{parent.name}）" if parent else ""),
        changes={
            "code": agency.code,
            "kind": agency.kind,
            "level": agency.level,
            "parent": str(parent or ""),
        },
    )
    return agency


@transaction.atomic
def agency_update(*, actor: Actor, agency: Agency, **fields: Any) -> Agency:
    """Change an agency's details. Office heads may change their own office's contact details (the 指南
    needs them); names, kinds and codes are reference data for administrators."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    structural = {k for k in fields if k not in CONTACT_FIELDS and fields[k] != getattr(agency, k)}
    _check(actor, Perm.MANAGE_REFERENCE_DATA if structural else Perm.MANAGE_AGENCY, agency)
    if "code" in fields:
        fields["code"] = _clean_code(str(fields["code"]))
        if Agency.objects.filter(code=fields["code"]).exclude(pk=agency.pk).exists():
            raise InvalidInput(f"机关代码 {fields['code']} 已被使用", fields={"code": "机关代码已被使用"})
    if "kind" in fields and fields["kind"] not in Kind.values:
        raise InvalidInput("未知的机关类型", fields={"kind": "未知的机关类型"})
    if "level" in fields and fields["level"] not in Level.values:
        raise InvalidInput("未知的层级", fields={"level": "未知的层级"})
    if fields.get("office_email"):
        try:
            validate_email(fields["office_email"])
        except ValidationError as exc:
            raise InvalidInput("电子邮箱格式不正确", fields={"office_email": "电子邮箱格式不正确"}) from exc
    before = {k: getattr(agency, k) for k in fields}
    for key, value in fields.items():
        setattr(agency, key, value.strip() if isinstance(value, str) else value)
    changes = audit.diff(before, {k: getattr(agency, k) for k in fields})
    if not changes:
        raise InvalidInput("没有需要保存的修改")
    agency.save(update_fields=list(changes))
    audit.record(
        actor=actor,
        action=Action.AGENCY_UPDATED,
        target=agency,
        summary=f"修改机关“{agency.name}”：{'、'.join(_field_label(k) for k in changes)}",
        changes=changes,
    )
    return agency


@transaction.atomic
def agency_set_active(*, actor: Actor, agency: Agency, active: bool, reason: str) -> Agency:
    """Deactivate (机构改革: merged or abolished) or reactivate an agency. Records are kept either way."""
    _check(actor, Perm.MANAGE_REFERENCE_DATA, agency)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.active == active:
        raise InvalidInput("机关已是该状态")
    if not reason.strip():
        raise InvalidInput("请说明原因", fields={"reason": "请说明原因"})
    if not active and Agency.objects.subtree_of(agency, include_self=False).active().exists():
        raise InvalidInput("请先停用其下属机关", fields={"active": "仍有启用的下属机关"})
    agency.active = active
    agency.save(update_fields=["active"])
    audit.record(
        actor=actor,
        action=Action.AGENCY_ACTIVATED if active else Action.AGENCY_DEACTIVATED,
        target=agency,
        summary=f"{'启用' if active else '停用'}机关“{agency.name}”：{reason.strip()}",
        from_state="inactive" if active else "active",
        to_state="active" if active else "inactive",
    )
    return agency


@transaction.atomic
def staff_create(
    *,
    actor: Actor,
    username: str,
    agency: Agency,
    role: str,
    password: str | None = None,
    full_name: str = "",
    email: str = "",
) -> tuple[User, str]:
    """Create a staff account with its first membership. Returns the user and the password, generated
    when none is given (the caller shows it once)."""
    _check(actor, Perm.MANAGE_STAFF, agency)
    user_model = get_user_model()
    username = username.strip()
    if not username:
        raise InvalidInput("用户名不能为空", fields={"username": "用户名不能为空"})
    if user_model.objects.filter(username=username).exists():
        raise InvalidInput(f"用户名 {username} 已存在", fields={"username": "用户名已存在"})
    if role not in Role.values:
        raise InvalidInput(
            f"未知的角色：{role}（可选：{', '.join(Role.values)}）", fields={"role": "未知的角色"}
        )
    generated = password is None
    password = password if password is not None else secrets.token_urlsafe(12)
    user = user_model(username=username, email=email.strip(), first_name=full_name.strip()[:150])
    if not generated:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            message = "；".join(exc.messages)
            raise InvalidInput(f"密码不符合要求：{message}", fields={"password": message}) from exc
    user.set_password(password)
    # Platform administrators also reach Django's admin, which we keep for reference data only.
    user.is_staff = role == Role.ADMIN
    user.save()
    Membership.objects.create(user=user, agency=agency, role=role)
    audit.record(
        actor=actor,
        action=Action.STAFF_CREATED,
        target=user,
        summary=f"新增人员 {username}：{agency.name} · {Role(role).label}",
        changes={"agency": agency.code, "role": role},
    )
    return user, password


@transaction.atomic
def membership_grant(*, actor: Actor, user: User, agency: Agency, role: str) -> Membership:
    _check(actor, Perm.MANAGE_STAFF, agency)
    if role not in Role.values:
        raise InvalidInput(f"未知的角色：{role}", fields={"role": "未知的角色"})
    if Membership.objects.filter(user=user, agency=agency, role=role).exists():
        raise InvalidInput(f"{user.username} 已在{agency.name}担任{Role(role).label}")
    membership = Membership.objects.create(user=user, agency=agency, role=role)
    if role == Role.ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    permissions.forget(user)
    audit.record(
        actor=actor,
        action=Action.MEMBERSHIP_GRANTED,
        target=membership,
        summary=f"授予 {user.username}：{agency.name} · {Role(role).label}",
        changes={"user": user.username, "agency": agency.code, "role": role},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor: Actor, membership: Membership) -> None:
    _check(actor, Perm.MANAGE_STAFF, membership.agency)
    if actor is not None and membership.user_id == actor.pk and membership.role == Role.ADMIN:
        raise NotAllowed("不能撤销自己的平台管理员身份")
    user = membership.user
    # Recorded before the delete so the entry still names the membership's id.
    audit.record(
        actor=actor,
        action=Action.MEMBERSHIP_REVOKED,
        target=membership,
        summary=f"撤销 {membership}",
        changes={"user": user.username, "agency": membership.agency.code, "role": membership.role},
    )
    membership.delete()
    if user.is_staff and not Membership.objects.filter(user=user, role=Role.ADMIN).exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    permissions.forget(user)


@transaction.atomic
def staff_set_password(*, actor: Actor, user: User, password: str) -> User:
    if actor is not None and actor.pk != user.pk:
        _check(actor, Perm.MANAGE_STAFF, None)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        message = "；".join(exc.messages)
        raise InvalidInput(f"密码不符合要求：{message}", fields={"password": message}) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        actor=actor, action=Action.STAFF_PASSWORD_SET, target=user, summary=f"重设 {user.username} 的密码"
    )
    return user


@transaction.atomic
def api_token_create(*, actor: Actor, user: User, label: str = "") -> tuple[ApiToken, str]:
    """Issue a bearer token; the raw token is returned once and only its hash is kept."""
    if actor is not None and actor.pk != user.pk:
        _check(actor, Perm.MANAGE_STAFF, None)
    if not user.is_active:
        raise InvalidInput(f"账号 {user.username} 已停用")
    raw = "gk_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, key_hash=hash_token(raw), prefix=raw[:8], label=label.strip())
    audit.record(
        actor=actor,
        action=Action.TOKEN_CREATED,
        target=token,
        summary=f"为 {user.username} 签发接口令牌 {token.prefix}…",
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if actor is not None and actor.pk != token.user_id:
        _check(actor, Perm.MANAGE_STAFF, None)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise InvalidInput("该令牌已撤销")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action=Action.TOKEN_REVOKED,
        target=token,
        summary=f"撤销接口令牌 {token.prefix}…",
        from_state="active",
        to_state="revoked",
    )
    return token
