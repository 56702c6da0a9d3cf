"""An uploaded spreadsheet kept between its preview and the user's confirmation."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kommplan.strategies.models import Strategy


class PendingImport(models.Model):
    """The file a user previewed, so that confirming imports exactly what they saw.

    Only its uploader can confirm it, only into its strategy, and only for a short while
    (services.PENDING_LIFETIME); the confirmation deletes it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="+", verbose_name=_("strategi")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("lastet opp av"),
    )
    filename = models.CharField(_("filnavn"), max_length=255)
    content = models.BinaryField(_("innhold"))
    sha256 = models.CharField(max_length=64)
    replace = models.BooleanField(_("slett tiltak som ikke står i arket"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("opplastet regneark")
        verbose_name_plural = _("opplastede regneark")

    def __str__(self) -> str:
        return self.filename
