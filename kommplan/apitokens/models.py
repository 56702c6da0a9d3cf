"""Personal API tokens: one user's key to one organisation's data, for reading or writing."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models


class TokenScope(models.TextChoices):
    READ = "read", "Lese"
    WRITE = "write", "Lese og skrive"


def hash_token(value: str) -> str:
    # Only the hash is stored: a copy of the database gives no working keys.
    return hashlib.sha256(value.encode()).hexdigest()


class ApiToken(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("navn", max_length=200)
    scope = models.CharField("tilgang", max_length=8, choices=TokenScope.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, so the owner can tell their keys apart without the secret.
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["owner", "-created_at"]
        verbose_name = "API-nøkkel"
        verbose_name_plural = "API-nøkler"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE
