"""Back-office forms for cases and complaints. Field names are the services' keyword arguments, except
the linked request, which clerks type as its number (`request_number`) and the form looks up within
the chosen agency."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.agencies.querysets import AgencyQuerySet
from gongkai.appeals.models import AppealKind, AppealResult
from gongkai.appeals.services import DECIDED_RESULTS
from gongkai.disclosure_requests.models import DisclosureRequest

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

ALL = [("", _("全部"))]

# Service error fields that the forms show under a differently named field.
SERVICE_FIELDS = {"request": "request_number"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(label: StrOrPromise) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput())


def _set_agencies(form: forms.Form, agencies: AgencyQuerySet) -> None:
    field = form.fields["agency"]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (narrowing for mypy)
    field.queryset = agencies.order_by("path")


class AppealFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("机关"), queryset=Agency.objects.none(), required=False, empty_label=_("全部")
    )
    kind = forms.ChoiceField(label=_("类型"), choices=ALL + list(AppealKind.choices), required=False)
    result = forms.ChoiceField(label=_("结果"), choices=ALL + list(AppealResult.choices), required=False)
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2008,
        max_value=2100,
        required=False,
        help_text=_("计入该年度年报表四的案件：当年立案或上年结转、当年审结或尚未审结"),
    )

    def __init__(self, *args: Any, agencies: AgencyQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_agencies(self, agencies)


class ComplaintFilterForm(forms.Form):
    STATE_CHOICES = [("", _("全部")), ("open", _("办理中")), ("closed", _("已办结"))]

    agency = forms.ModelChoiceField(
        label=_("机关"), queryset=Agency.objects.none(), required=False, empty_label=_("全部")
    )
    state = forms.ChoiceField(label=_("状态"), choices=STATE_CHOICES, required=False)
    year = forms.IntegerField(label=_("收到年度"), min_value=2008, max_value=2100, required=False)

    def __init__(self, *args: Any, agencies: AgencyQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_agencies(self, agencies)


class _LinkedRequestForm(forms.Form):
    """A form with an agency and an optional request number, resolved to `cleaned_data["request"]`."""

    agency = forms.ModelChoiceField(label=_("机关"), queryset=Agency.objects.none())
    request_number = forms.CharField(
        label=_("相关申请编号"),
        max_length=20,
        required=False,
        help_text=_("可选：本机关收到的依申请公开申请的编号"),
    )

    def __init__(self, *args: Any, agencies: AgencyQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_agencies(self, agencies)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = (data.get("request_number") or "").strip()
        agency = data.get("agency")
        data["request"] = None
        if number and agency is not None:
            found = DisclosureRequest.objects.filter(agency=agency, number=number).first()
            if found is None:
                self.add_error("request_number", f"{agency.name}没有编号为 {number} 的申请，请核对编号")
            data["request"] = found
        return data


class AppealForm(_LinkedRequestForm):
    field_order = [
        "agency",
        "kind",
        "filed_on",
        "case_number",
        "organ",
        "appellant",
        "request_number",
        "summary",
    ]

    kind = forms.ChoiceField(label=_("类型"), choices=AppealKind.choices)
    filed_on = _date(_("立案日期"))
    case_number = forms.CharField(label=_("案号"), max_length=100, required=False)
    organ = forms.CharField(label=_("复议机关或人民法院"), max_length=120, required=False)
    appellant = forms.CharField(label=_("申请人/原告"), max_length=120, required=False)
    summary = forms.CharField(label=_("案情摘要"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class DecideForm(forms.Form):
    result = forms.ChoiceField(
        label=_("审结结果"), choices=[(r.value, r.label) for r in DECIDED_RESULTS], widget=forms.RadioSelect
    )
    decided_on = _date(_("审结日期"))


class ComplaintForm(_LinkedRequestForm):
    field_order = ["agency", "received_on", "complainant", "request_number", "summary"]

    received_on = _date(_("收到日期"))
    complainant = forms.CharField(label=_("投诉人"), max_length=120, required=False)
    summary = forms.CharField(label=_("投诉内容"), widget=forms.Textarea(attrs={"rows": 4}))


class ComplaintCloseForm(forms.Form):
    handled_on = _date(_("办结日期"))
    note = forms.CharField(label=_("处理情况"), widget=forms.Textarea(attrs={"rows": 3}))
