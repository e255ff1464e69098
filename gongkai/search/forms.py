"""The public search form: every filter is checked, and a bad one is reported in Chinese instead of
being silently ignored (a visitor who asked for 2O26 should not get every year)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalogue.categories import SHORT_LABELS, Category
from gongkai.search.backend import MAX_PAGES, MAX_QUERY_CHARS, Query

FIRST_YEAR = 1949
ORDERS = [("relevance", "相关度"), ("date", "时间")]


def _agency_choices() -> list[tuple[str, str]]:
    """Active agencies in tree order, indented by depth; choosing one searches it and its subordinates."""
    rows = Agency.objects.active().order_by("path").values_list("code", "name", "path")
    paths = [p for _, _, p in rows]
    top = min((p.count(".") for p in paths), default=0)
    return [("", "全部机关")] + [(code, "　" * (path.count(".") - top) + name) for code, name, path in rows]


class SearchForm(forms.Form):
    q = forms.CharField(
        label="关键词",
        required=False,
        max_length=MAX_QUERY_CHARS,
        error_messages={"max_length": f"关键词不能超过{MAX_QUERY_CHARS}个字"},
    )
    agency = forms.ChoiceField(
        label="发布机构",
        required=False,
        error_messages={"invalid_choice": "没有该发布机构，请从列表中选择"},
    )
    category = forms.TypedChoiceField(
        label="公开类别",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "全部类别"), *((c.value, SHORT_LABELS.get(c.value, c.label)) for c in Category)],
        error_messages={"invalid_choice": "没有该公开类别，请从列表中选择"},
    )
    year = forms.IntegerField(
        label="发布年份",
        required=False,
        error_messages={"invalid": "年份请填写四位数字，例如2026"},
    )
    number = forms.CharField(
        label="文号",
        required=False,
        max_length=100,
        error_messages={"max_length": "文号不能超过100个字"},
    )
    order = forms.ChoiceField(
        label="排序",
        required=False,
        choices=ORDERS,
        error_messages={"invalid_choice": "排序方式只能是相关度或时间"},
    )
    page = forms.IntegerField(required=False, error_messages={"invalid": "页码应为数字"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _agency_choices()  # type: ignore[attr-defined]

    def clean_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("year")
        this_year = timezone.localdate().year
        if year is not None and not FIRST_YEAR <= year <= this_year:
            raise forms.ValidationError(f"发布年份应在{FIRST_YEAR}年至{this_year}年之间")
        return year

    def clean_page(self) -> int:
        page: int | None = self.cleaned_data.get("page")
        if page is None:
            return 1
        if not 1 <= page <= MAX_PAGES:
            raise forms.ValidationError(f"页码应在1至{MAX_PAGES}之间；结果较多时请增加关键词或筛选条件")
        return page

    def clean_q(self) -> str:
        return " ".join(str(self.cleaned_data.get("q") or "").split())

    def clean_number(self) -> str:
        return " ".join(str(self.cleaned_data.get("number") or "").split())

    def chosen_agency(self) -> Agency | None:
        code = self.cleaned_data.get("agency")
        return Agency.objects.active().filter(code=code).first() if code else None

    def query(self, per_page: int = 20) -> Query:
        agency = self.chosen_agency()
        data = self.cleaned_data
        return Query(
            text=data["q"],
            agency_path=agency.path if agency else None,
            category=data.get("category"),
            year=data.get("year"),
            document_number=data.get("number") or None,
            order="date" if data.get("order") == "date" else "relevance",
            page=data["page"],
            per_page=per_page,
        )
