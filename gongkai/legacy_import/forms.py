from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.annual_reports.models import ScopeChoice

ACCEPTED = (".txt", ".htm", ".html", ".docx")


class UploadForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("机关"), queryset=Agency.objects.none(), empty_label=None)
    file = forms.FileField(
        label=_("年度报告文件"),
        help_text=_("文本（.txt）、网页（.html，可直接另存网站页面）或 Word（.docx），10MB以内"),
    )
    year = forms.IntegerField(
        label=_("报告年度"), required=False, min_value=2008, help_text=_("留空时从报告标题识别")
    )
    scope = forms.ChoiceField(
        label=_("统计范围"),
        required=False,
        choices=[("", _("从报告识别")), *ScopeChoice.choices],
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        name = (file.name or "").lower()
        if not name.endswith(ACCEPTED):
            raise forms.ValidationError(_("只能导入 .txt、.html 或 .docx 文件"))
        if file.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("文件超过10MB"))
        if file.size == 0:
            raise forms.ValidationError(_("文件是空的"))
        return file


class SaveForm(forms.Form):
    year = forms.IntegerField(label=_("报告年度"), min_value=2008)
    scope = forms.ChoiceField(label=_("统计范围"), choices=ScopeChoice.choices)
    replace = forms.BooleanField(label=_("替换已有的该年度历史报告"), required=False)
