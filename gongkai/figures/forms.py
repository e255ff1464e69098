"""Back-office forms for the table 二 figures. Every figure is a text box: the service parses and checks
it (gongkai.figures.fields.parse_value), so the page, the CSV import and the API share one set of
rules and messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.figures.fields import FIELDS, FIRST_YEAR, FigureField, Kind
from gongkai.figures.services import MAX_CSV_BYTES

FIELDS_2021 = tuple(f for f in FIELDS if "2021" in f.layouts)
FIELDS_2019_ONLY = tuple(f for f in FIELDS if "2021" not in f.layouts)


def _input(field: FigureField) -> forms.TextInput:
    # Phones show a digit pad for counts and amounts; 本年增/减 needs a minus sign, which the numeric
    # pads of common phones lack, so it keeps the full keyboard.
    mode = {Kind.COUNT: "numeric", Kind.AMOUNT: "decimal", Kind.SIGNED: "text"}[field.kind]
    return forms.TextInput(attrs={"inputmode": mode, "autocomplete": "off"})


class FiguresForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in FIELDS:
            help_text = {
                Kind.AMOUNT: _("单位：万元，最多4位小数"),
                Kind.SIGNED: _("减少填负数，如 -2"),
            }.get(field.kind, "")
            self.fields[field.name] = forms.CharField(
                label=field.label, required=False, widget=_input(field), help_text=help_text, max_length=30
            )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (str(_("2021年格式")), [self[f.name] for f in FIELDS_2021]),
            (str(_("2019年试行格式另需")), [self[f.name] for f in FIELDS_2019_ONLY]),
        ]


def year_choices(this_year: int) -> list[tuple[int, int]]:
    return [(y, y) for y in range(this_year + 1, FIRST_YEAR - 1, -1)]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=())

    def __init__(self, *args: Any, this_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101  (narrowing for mypy)
        field.choices = year_choices(this_year)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV 文件"),
        help_text=_("第一行为表头：机关代码、年度，以及要导入的项目列；UTF-8 或 GBK 编码，不超过5MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label=_("仅检查，不保存"),
        required=False,
        initial=True,
        help_text=_("先检查一遍，没有错误再取消勾选导入"),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("文件超过5MB，请分批导入"))
        return upload
