from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.annual_reports.models import ScopeChoice
from gongkai.annual_reports.selectors import FIRST_COMPILED_YEAR


class CreateForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("机关"), queryset=Agency.objects.none(), empty_label=None)
    year = forms.TypedChoiceField(label=_("报告年度"), coerce=int)
    scope = forms.ChoiceField(
        label=_("统计范围"),
        choices=ScopeChoice.choices,
        help_text=_("汇总：包括本机关及所属全部机关的数据（如全市）"),
    )

    def __init__(self, *args: Any, agencies: Any, this_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        years = range(this_year, FIRST_COMPILED_YEAR - 1, -1)
        self.fields["year"].choices = [(y, f"{y}年") for y in years]  # type: ignore[attr-defined]
        self.initial.setdefault("year", this_year - 1)


class NarrativeForm(forms.Form):
    overview = forms.CharField(
        label=_("一、总体情况"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    problems = forms.CharField(
        label=_("存在的主要问题及改进情况"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("写明存在的主要问题，以及上一年度报告所列问题的改进情况。"),
    )
    other = forms.CharField(
        label=_("其他需要报告的事项"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("须说明信息处理费收取情况；可写落实政务公开工作要点、建议提案办理结果公开等情况。"),
    )
    correction_note = forms.CharField(
        label=_("更正说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("说明更正了哪些内容及原因，将与更正后的报告一并公开。"),
    )

    def __init__(self, *args: Any, correcting: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not correcting:
            del self.fields["correction_note"]


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CorrectForm(forms.Form):
    note = forms.CharField(
        label=_("更正说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("发布后的报告不能修改；更正将生成新版本，原版本保留并标明已更正。"),
    )
