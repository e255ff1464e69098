from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.agencies.querysets import AgencyQuerySet
from gongkai.catalogue.categories import (
    Category,
    DocKind,
    Genre,
    InterpretationKind,
    PublishChannel,
    Scope,
    Validity,
)
from gongkai.catalogue.models import Item, Topic
from gongkai.catalogue.services import REVIEW_CHECKLIST, ItemInput
from gongkai.catalogue.workflow import Status
from gongkai.disclosure_requests.forms import MultipleFileField

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


def topic_choices() -> list[tuple[str, str]]:
    topics = list(Topic.objects.select_related("parent").order_by("parent__sort_order", "sort_order", "pk"))
    roots = [t for t in topics if t.parent_id is None]
    choices: list[tuple[str, str]] = [("", "—")]
    for root in roots:
        choices.append((str(root.pk), root.name))
        choices += [(str(t.pk), f"{root.name}\\{t.name}") for t in topics if t.parent_id == root.pk]
    return choices


class ItemForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("发布机构"), empty_label=None)
    title = forms.CharField(label=_("名称"), max_length=300)
    document_number = forms.CharField(
        label=_("文号"), max_length=100, required=False, help_text=_("如：明教〔2026〕3号；没有文号的留空")
    )
    created_on = forms.DateField(label=_("生成日期"), widget=DATE_WIDGET, help_text=_("公文为成文日期"))
    category = forms.TypedChoiceField(label=_("公开类别"), choices=Category.choices, coerce=int)
    topic = forms.TypedChoiceField(label=_("主题分类"), required=False, coerce=int, empty_value=None)
    genre = forms.ChoiceField(label=_("体裁"), choices=Genre.choices, initial=Genre.NOTICE)
    kind = forms.ChoiceField(
        label=_("文件类型"),
        choices=DocKind.choices,
        initial=DocKind.OTHER,
        help_text=_("规章和行政规范性文件计入年度报告第二部分"),
    )
    validity = forms.ChoiceField(label=_("有效性"), choices=[("", "—"), *Validity.choices], required=False)
    valid_from = forms.DateField(label=_("施行日期"), widget=DATE_WIDGET, required=False)
    channels = forms.MultipleChoiceField(
        label=_("公开渠道"),
        choices=PublishChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[PublishChannel.WEBSITE],
    )
    scope = forms.ChoiceField(label=_("公开范围"), choices=Scope.choices, initial=Scope.PUBLIC)
    keywords = forms.CharField(label=_("主题词"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("内容概述"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    body = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text=_("可直接粘贴文字（每行一段），也可使用HTML段落、列表、表格和链接；脚本和其他格式会被清除"),
    )
    interpretation_kind = forms.ChoiceField(
        label=_("回应解读类型"),
        choices=[("", _("不是回应解读")), *InterpretationKind.choices],
        required=False,
    )
    answers = forms.CharField(
        label=_("解读或回应的信息"),
        required=False,
        help_text=_("所解读文件的索引号，多个用逗号分隔"),
    )
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        help_text=_("PDF、DOC、DOCX、XLS、XLSX、OFD、JPEG、PNG，每个不超过30MB"),
    )

    def __init__(self, *args: Any, agencies: AgencyQuerySet, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field: Any = self.fields["agency"]
        agency_field.queryset = agencies
        topic_field: Any = self.fields["topic"]
        topic_field.choices = topic_choices()
        if editing:
            del self.fields["agency"]
            del self.fields["attachments"]
        if not self.is_bound and "created_on" not in self.initial:
            self.initial["created_on"] = timezone.localdate()

    def clean_answers(self) -> list[int]:
        raw = self.cleaned_data.get("answers") or ""
        numbers = [n.strip() for n in raw.replace("，", ",").split(",") if n.strip()]
        found = dict(Item.objects.filter(index_number__in=numbers).values_list("index_number", "pk"))
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(_("没有找到索引号为 %(n)s 的信息") % {"n": "、".join(missing)})
        return [found[n] for n in numbers]

    def item_input(self) -> ItemInput:
        d = self.cleaned_data
        return ItemInput(
            title=d["title"],
            created_on=d["created_on"],
            category=d["category"],
            summary=d["summary"],
            body=d["body"],
            document_number=d["document_number"],
            topic_id=d["topic"],
            genre=d["genre"],
            channels=d["channels"],
            scope=d["scope"],
            kind=d["kind"],
            validity=d["validity"],
            valid_from=d["valid_from"],
            keywords=d["keywords"],
            interpretation_kind=d["interpretation_kind"],
            answers=d["answers"],
        )

    @staticmethod
    def initial_for(item: Item) -> dict[str, Any]:
        return {
            "title": item.title,
            "document_number": item.document_number,
            "created_on": item.created_on,
            "category": item.category,
            "topic": item.topic_id,
            "genre": item.genre,
            "kind": item.kind,
            "validity": item.validity,
            "valid_from": item.valid_from,
            "channels": item.channel_list,
            "scope": item.scope,
            "keywords": item.keywords,
            "summary": item.summary,
            "body": item.body,
            "interpretation_kind": item.interpretation_kind,
            "answers": ", ".join(a.index_number or "" for a in item.answers.all() if a.index_number),
        }


# Service field names that differ from the form's (the rest match).
SERVICE_FIELDS = {"source_id": "title"}


class ItemFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label=_("机关"), required=False, empty_label=_("全部")
    )
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部")), *Status.choices], required=False)
    category = forms.TypedChoiceField(
        label=_("公开类别"),
        choices=[("", _("全部")), *Category.choices],
        required=False,
        coerce=int,
        empty_value=None,
    )
    late = forms.BooleanField(label=_("仅看超时发布"), required=False)
    q = forms.CharField(label=_("名称或文号"), required=False, max_length=100)

    def __init__(self, *args: Any, agencies: AgencyQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["agency"]
        field.queryset = agencies


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in REVIEW_CHECKLIST.items():
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)

    def checklist(self) -> dict[str, bool]:
        return {key: bool(self.cleaned_data.get(f"check_{key}")) for key in REVIEW_CHECKLIST}


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("退回意见"), widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label=_("发布日期"), widget=DATE_WIDGET, required=False, help_text=_("默认今天")
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=_("有效性"), choices=Validity.choices)
    on = forms.DateField(label=_("变更日期"), widget=DATE_WIDGET)


class GuideForm(forms.Form):
    body = forms.CharField(
        label=_("指南正文"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "政府信息的分类、编排体系、获取方式等（第十二条）；办公地址、电话等联系方式取自机关信息，会自动显示"
        ),
    )
