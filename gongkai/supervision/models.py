from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DigestSent(models.Model):
    """One weekly digest sent to one person. The row is the claim: inserted before the email goes out,
    in the same transaction, so the unique (user, week) pair makes a second run skip that person and a
    failed send leaves no row behind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="+"
    )
    week = models.CharField(_("周次"), max_length=8, help_text=_("ISO周，如 2026-W48"))
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    # What the email counted, per agency, so a complaint about a digest can be answered later.
    summary = models.JSONField(_("摘要"), default=dict, blank=True)

    class Meta:
        verbose_name = _("每周督办摘要")
        verbose_name_plural = _("每周督办摘要")
        ordering = ["-sent_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="digest_sent_once_per_week")]

    def __str__(self) -> str:
        return f"{self.user} · {self.week}"
