from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kommplan.lib.norwegian import is_valid_kommunenummer, is_valid_orgnr


def validate_orgnr(value: str) -> None:
    if not is_valid_orgnr(value):
        raise ValidationError(
            _(
                "%(value)s er ikke et gyldig organisasjonsnummer "
                "(9 siffer med MOD11-kontrollsiffer)"
            ),
            params={"value": value},
            code="invalid_orgnr",
        )


def validate_kommunenummer(value: str) -> None:
    if not is_valid_kommunenummer(value):
        raise ValidationError(
            _("%(value)s er ikke et gyldig kommune- eller fylkesnummer (4 eller 2 siffer)"),
            params={"value": value},
            code="invalid_kommunenummer",
        )


class OrganisationKind(models.TextChoices):
    KOMMUNE = "kommune", _("Kommune")
    FYLKESKOMMUNE = "fylkeskommune", _("Fylkeskommune")
    REGIONRAAD = "regionraad", _("Regionråd")
    SAMKOMMUNE = "samkommune", _("Samkommune")
    OMSTILLINGSORGANISASJON = "omstillingsorganisasjon", _("Omstillingsorganisasjon")
    INTERKOMMUNALT = "interkommunalt", _("Interkommunalt samarbeid")
    PROSJEKT = "prosjekt", _("Prosjekt")
    STATLIG = "statlig", _("Statlig virksomhet")
    ANNET = "annet", _("Annet")


class Organisation(models.Model):
    name = models.CharField(_("navn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnavn"), max_length=200, unique=True)
    kind = models.CharField(
        _("type"), max_length=32, choices=OrganisationKind.choices, default=OrganisationKind.ANNET
    )
    number = models.CharField(
        _("kommunenummer"), max_length=4, blank=True, validators=[validate_kommunenummer]
    )
    orgnr = models.CharField(
        _("organisasjonsnummer"), max_length=9, blank=True, validators=[validate_orgnr]
    )
    # A regional council or samkommune has member municipalities.
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="member_of",
        blank=True,
        verbose_name=_("medlemsorganisasjoner"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    """What a member may do in their organisation, from most to least."""

    ADMINISTRATOR = "administrator", _("Administrator")
    REDAKTOR = "redaktor", _("Redaktør")
    BIDRAGSYTER = "bidragsyter", _("Bidragsyter")
    LESER = "leser", _("Leser")


class Membership(models.Model):
    user = models.ForeignKey(
        "auth.User", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("bruker")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisasjon"),
    )
    role = models.CharField(_("rolle"), max_length=16, choices=MemberRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "user__username"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
