"""Members of an organisation: adding, changing roles, removing. Every change is audited."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kommplan.accounts.services import deactivate_user
from kommplan.audit.models import AuditEvent
from kommplan.audit.services import record

from .models import MemberRole, Membership, Organisation


class _InvitationForm(PasswordResetForm):
    """The password-reset e-mail, also for a new user who has no password yet (Django's form
    skips users without a usable password)."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True)


def _check_keeps_an_administrator(membership: Membership, new_role: str | None) -> None:
    if membership.role != MemberRole.ADMINISTRATOR or new_role == MemberRole.ADMINISTRATOR:
        return
    others = (
        Membership.objects.filter(
            organisation=membership.organisation, role=MemberRole.ADMINISTRATOR
        )
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise ValidationError(
            _("Organisasjonen må ha minst én administrator. Gi en annen rollen først.")
        )


@transaction.atomic
def add_member(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str,
    request: HttpRequest | None = None,
) -> Membership:
    """Give the user with this e-mail address a role; a new user is invited by e-mail to set
    a password (the password-reset flow), so no password ever travels in a message."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    invited = user is None
    if invited:
        user = User(
            username=_free_username(email), email=email, first_name=first_name, last_name=last_name
        )
        user.set_unusable_password()
        user.save()
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(_("%(email)s er allerede medlem.") % {"email": email})
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    record(
        actor=actor,
        event=AuditEvent.PERMISSION,
        obj=membership,
        organisation=organisation,
        changes={"role": [None, role], "user": [None, user.get_username()]},
    )
    if invited and request is not None:
        form = _InvitationForm({"email": email})
        if form.is_valid():
            # Sent after commit, so a rolled-back invitation sends nothing.
            transaction.on_commit(
                lambda: form.save(
                    request=request,
                    use_https=request.is_secure(),
                    subject_template_name="registration/invitation_subject.txt",
                    email_template_name="registration/invitation_email.txt",
                    extra_email_context={"organisation": organisation},
                )
            )
    return membership


def _free_username(email: str) -> str:
    base = email.split("@")[0][:140] or "bruker"
    username, counter = base, 1
    while User.objects.filter(username=username).exists():
        counter += 1
        username = f"{base}{counter}"
    return username


@transaction.atomic
def change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    if role == membership.role:
        return membership
    _check_keeps_an_administrator(membership, role)
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        actor=actor,
        event=AuditEvent.PERMISSION,
        obj=membership,
        organisation=membership.organisation,
        changes={"role": [before, role]},
    )
    return membership


@transaction.atomic
def remove_member(*, actor: User, membership: Membership) -> bool:
    """Remove the membership; a user left without any organisation is deactivated and their
    sessions end. Returns whether the user was deactivated."""
    _check_keeps_an_administrator(membership, None)
    user = membership.user
    record(
        actor=actor,
        event=AuditEvent.PERMISSION,
        obj=membership,
        organisation=membership.organisation,
        changes={"role": [membership.role, None], "user": [user.get_username(), None]},
    )
    membership.delete()
    if not user.memberships.exists() and not user.is_staff:
        deactivate_user(user=user)
        return True
    return False
