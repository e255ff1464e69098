from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, Kind, Level, Role
from gongkai.core.workdays import ScheduleError, YearSchedule, parse_schedule


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("用户名"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(label=_("密码"), strip=False, widget=forms.PasswordInput)
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续多次失败后，账号将被暂时锁定。"),
        "inactive": _("该账号已停用，请联系平台管理员。"),
    }


class AgencyContactForm(forms.ModelForm[Agency]):
    # Explicit scheme: an address typed without one is taken as https (Django 6 default, no warning).
    website = forms.URLField(label=_("网站"), required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = (
            "office_name",
            "office_address",
            "office_postcode",
            "office_hours",
            "office_phone",
            "office_fax",
            "office_email",
            "website",
        )


class AgencyCreateForm(forms.Form):
    name = forms.CharField(label=_("机关名称"), max_length=120)
    short_name = forms.CharField(label=_("简称"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("机关类型"), choices=Kind.choices)
    level = forms.ChoiceField(label=_("层级"), choices=Level.choices)
    code = forms.CharField(
        label=_("机关代码"), max_length=20, help_text=_("统一社会信用代码或组织机构代码，用作索引号前缀")
    )
    parent = forms.ModelChoiceField(label=_("上级机关"), queryset=Agency.objects.active(), required=False)


class StaffCreateForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    agency = forms.ModelChoiceField(label=_("机关"), queryset=Agency.objects.active())
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_("留空则自动生成并显示一次"),
    )


class AuditSearchForm(forms.Form):
    def __init__(self, *args: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action_field = self.fields["action"]
        assert isinstance(action_field, forms.ChoiceField)  # noqa: S101  (narrowing for mypy)
        action_field.choices = [("", _("全部")), *((a, a) for a in actions)]

    q = forms.CharField(label=_("关键词"), required=False)
    action = forms.ChoiceField(label=_("操作"), required=False, choices=[])
    actor = forms.CharField(label=_("操作人"), required=False)
    since = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _date_lines(raw: str) -> list[str]:
    return [
        part.strip()
        for chunk in raw.splitlines()
        for part in chunk.replace("，", ",").split(",")
        if part.strip()
    ]


class HolidayScheduleForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    source = forms.CharField(label=_("依据（通知名称及文号）"), max_length=255)
    off = forms.CharField(
        label=_("放假日期"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每行一个日期，如 2027-01-01"),
    )
    work = forms.CharField(
        label=_("调休上班日期"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("周末调休上班的日期，每行一个"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            data["schedule"] = parse_schedule(
                {
                    "year": data["year"],
                    "source": data["source"],
                    "off": _date_lines(data["off"]),
                    "work": _date_lines(data.get("work") or ""),
                }
            )
        except ScheduleError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


class HolidayImportForm(forms.Form):
    file = forms.FileField(
        label=_("JSON 文件"),
        help_text=_('格式：{"year": 2027, "off": [...], "work": [...], "source": "..."}'),
    )

    def clean_file(self) -> YearSchedule:
        upload = self.cleaned_data["file"]
        if upload.size > 200_000:
            raise forms.ValidationError("文件过大（不应超过 200KB）")
        try:
            data = json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise forms.ValidationError(f"无法读取 JSON：{exc}") from exc
        if not isinstance(data, dict):
            raise forms.ValidationError("JSON 顶层应为对象")
        try:
            return parse_schedule(data)
        except ScheduleError as exc:
            raise forms.ValidationError(str(exc)) from exc
