from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.assessments.models import Indicator, ManualScore, Scheme
from gongkai.assessments.scoring import FIGURES, KIND_LABELS, Kind
from gongkai.assessments.services import FIRST_YEAR, ManualEntry


class CreateForm(forms.Form):
    root = forms.ModelChoiceField(label=_("考评机关"), queryset=Agency.objects.none(), empty_label=None)
    year = forms.TypedChoiceField(label=_("考评年度"), coerce=int)
    copy_previous = forms.BooleanField(
        label=_("复制上一年度方案的指标"),
        required=False,
        initial=True,
        help_text=_("没有上一年度方案时使用推荐指标。"),
    )

    def __init__(self, *args: Any, roots: Any, this_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["root"].queryset = roots  # type: ignore[attr-defined]
        self.fields["year"].choices = [(y, f"{y}年") for y in range(this_year, FIRST_YEAR - 1, -1)]  # type: ignore[attr-defined]
        self.initial.setdefault("year", this_year - 1)


class SchemeForm(forms.Form):
    title = forms.CharField(
        label=_("考评名称"),
        required=False,
        max_length=120,
        help_text=_("留空则为“××××年度政府信息公开工作考评”。"),
    )
    direct_only = forms.BooleanField(
        label=_("只考评下一级机关"),
        required=False,
        help_text=_("如市政府考评市直部门和各区政府；不勾选则考评所属全部机关。"),
    )
    threshold = forms.DecimalField(
        label=_("整改分数线"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        help_text=_("总分低于此分数的机关在通报中列为需要整改。"),
    )
    issuer = forms.CharField(label=_("发文机关"), required=False, max_length=120)
    notice_text = forms.CharField(
        label=_("通报补充内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("写在通报“考评结果”之后，如工作要求。每行一段。"),
    )

    @classmethod
    def for_scheme(cls, scheme: Scheme) -> SchemeForm:
        return cls(
            initial={
                "title": scheme.title,
                "direct_only": scheme.direct_only,
                "threshold": scheme.threshold,
                "issuer": scheme.issuer,
                "notice_text": scheme.notice_text,
            }
        )


def _figure_choices() -> list[tuple[str, str]]:
    return [("", "——")] + [(key, f"{figure.label}（{figure.unit}）") for key, figure in FIGURES.items()]


class IndicatorForm(forms.Form):
    """One indicator: the rule kind picks which of the parameter fields count; the others are ignored."""

    name = forms.CharField(label=_("指标名称"), max_length=60)
    kind = forms.ChoiceField(
        label=_("计分方式"), choices=[(k.value, label) for k, label in KIND_LABELS.items()]
    )
    weight = forms.DecimalField(
        label=_("分值"), min_value=Decimal("0.01"), max_value=Decimal(100), decimal_places=2
    )
    figure = forms.ChoiceField(
        label=_("依据的统计指标"),
        required=False,
        choices=_figure_choices,
        help_text=_("按比例计分、按件扣分时填写。"),
    )
    full_at = forms.DecimalField(
        label=_("满分所需的值"),
        required=False,
        help_text=_("按比例计分：达到此值得满分；越小越好的指标（如平均用时）填较小的值。"),
    )
    zero_at = forms.DecimalField(label=_("零分对应的值"), required=False)
    when_none = forms.ChoiceField(
        label=_("无数据时"),
        required=False,
        choices=[("full", _("得满分")), ("zero", _("得0分"))],
        help_text=_("如本年没有答复任何申请，按时答复率无数据。"),
    )
    per = forms.DecimalField(label=_("每件扣分"), required=False, min_value=Decimal("0.01"))
    free = forms.IntegerField(label=_("免扣件数"), required=False, min_value=0)
    late_share = forms.DecimalField(
        label=_("逾期发布得分比例"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(1),
        help_text=_("年度报告逾期发布时得分值的几成，如0.5为一半；逾期未发布不得分。"),
    )
    default = forms.DecimalField(
        label=_("未录入时的得分"),
        required=False,
        min_value=Decimal(0),
        help_text=_("人工评分：留空则必须为每个机关录入得分后才能发布。"),
    )
    description = forms.CharField(
        label=_("评分标准"), required=False, max_length=255, help_text=_("留空则按计分方式自动生成。")
    )
    position = forms.IntegerField(label=_("序号"), required=False, min_value=0)

    # Which parameter fields each rule kind reads; the editor shows them grouped, the kind's own open.
    GROUPS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
        ("依据的统计指标", ("figure",), (Kind.LINEAR, Kind.DEDUCT)),
        ("按比例计分", ("full_at", "zero_at", "when_none"), (Kind.LINEAR,)),
        ("按件扣分", ("per", "free"), (Kind.DEDUCT,)),
        ("年度报告按时发布", ("late_share",), (Kind.REPORT,)),
        ("人工评分", ("default",), (Kind.MANUAL,)),
    )

    def __init__(self, *args: Any, adding: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if adding:
            del self.fields["position"]  # a new indicator goes last

    def current_kind(self) -> str:
        if self.is_bound:
            return str(self.data.get(self.add_prefix("kind"), ""))
        return str(self.initial.get("kind", ""))

    def main_fields(self) -> list[forms.BoundField]:
        grouped = {name for _, names, _ in self.GROUPS for name in names}
        return [self[name] for name in self.fields if name not in grouped]

    def groups(self) -> list[dict[str, Any]]:
        kind = self.current_kind()
        return [
            {
                "legend": legend,
                "fields": [self[name] for name in names],
                "open": kind in kinds or any(self[name].errors for name in names),
            }
            for legend, names, kinds in self.GROUPS
        ]

    @classmethod
    def for_indicator(cls, indicator: Indicator, *, prefix: str) -> IndicatorForm:
        initial: dict[str, Any] = {
            "name": indicator.name,
            "kind": indicator.kind,
            "weight": indicator.weight,
            "description": indicator.description,
            "position": indicator.position,
        }
        initial.update({k: v for k, v in indicator.params.items() if k in cls.base_fields})
        return cls(initial=initial, prefix=prefix)

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["kind"]
        if kind == Kind.LINEAR:
            return {
                "figure": data.get("figure"),
                "full_at": data.get("full_at"),
                "zero_at": data.get("zero_at"),
                "when_none": data.get("when_none") or "full",
            }
        if kind == Kind.DEDUCT:
            return {"figure": data.get("figure"), "per": data.get("per"), "free": data.get("free") or 0}
        if kind == Kind.REPORT:
            share = data.get("late_share")
            return {"late_share": Decimal("0.5") if share is None else share}
        return {"default": data.get("default")}


class ManualScoresForm(forms.Form):
    """One score and remark field per assessed agency."""

    def __init__(
        self,
        *args: Any,
        indicator: Indicator,
        agencies: Sequence[Agency],
        existing: dict[int, ManualScore],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = list(agencies)
        for agency in self.agencies:
            current = existing.get(agency.pk)
            self.fields[f"score_{agency.pk}"] = forms.DecimalField(
                label=agency.name,
                required=False,
                min_value=Decimal(0),
                max_value=indicator.weight,
                decimal_places=2,
                initial=current.score if current else None,
                widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            )
            self.fields[f"note_{agency.pk}"] = forms.CharField(
                label=_("说明"),
                required=False,
                max_length=255,
                initial=current.note if current else "",
                widget=forms.TextInput(attrs={"placeholder": _("说明（可选）")}),
            )

    def rows(self) -> list[tuple[Agency, forms.BoundField, forms.BoundField]]:
        return [(a, self[f"score_{a.pk}"], self[f"note_{a.pk}"]) for a in self.agencies]

    def entries(self) -> list[ManualEntry]:
        return [
            ManualEntry(
                agency_id=agency.pk,
                score=self.cleaned_data.get(f"score_{agency.pk}"),
                note=self.cleaned_data.get(f"note_{agency.pk}") or "",
            )
            for agency in self.agencies
        ]
