from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "gongkai.figures"
    label = "figures"
    verbose_name = _("机关填报数据")
