from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegacyImportConfig(AppConfig):
    name = "gongkai.legacy_import"
    label = "legacy_import"
    verbose_name = _("历史年度报告导入")
