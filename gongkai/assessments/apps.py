from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "gongkai.assessments"
    label = "assessments"
    verbose_name = _("政府信息公开工作考评")
