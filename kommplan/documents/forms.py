from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .review import ReviewGroup

ACCEPTED_SUFFIXES = (".pdf", ".docx", ".odt", ".html", ".htm", ".txt")


def limits_text() -> str:
    return _("Høyst %(size)s og %(pages)s sider.") % {
        "size": filesizeformat(settings.DOCUMENT_MAX_BYTES),
        "pages": settings.DOCUMENT_MAX_PAGES,
    }


class UploadForm(forms.Form):
    document = forms.FileField(
        label=gettext_lazy("Dokument"),
        widget=forms.FileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _(
            "PDF, Word (DOCX), OpenDocument (ODT), HTML eller ren tekst. %(limits)s"
        ) % {"limits": limits_text()}

    def clean_document(self):
        document = self.cleaned_data["document"]
        if PurePath(document.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(
                _("Filtypen kan ikke leses. Last opp PDF, DOCX, ODT, HTML eller TXT.")
            )
        if document.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("Filen er på %(size)s; grensen er %(limit)s.")
                % {
                    "size": filesizeformat(document.size),
                    "limit": filesizeformat(settings.DOCUMENT_MAX_BYTES),
                }
            )
        return document


class ReviewForm(forms.Form):
    """The title of the plan, and for each proposed item its text and whether to keep it."""

    title = forms.CharField(label=gettext_lazy("Tittel på planen"), max_length=300)

    def __init__(self, *args, groups: list[ReviewGroup], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups = groups
        for group in groups:
            for item in group.items:
                widget = (
                    forms.Textarea(attrs={"rows": 3}) if group.kind.long_text else forms.TextInput()
                )
                self.fields[f"{item.key}-text"] = forms.CharField(
                    label=_("Tekst"),
                    required=False,
                    initial=item.text,
                    max_length=20_000,
                    widget=widget,
                )
                self.fields[f"{item.key}-keep"] = forms.BooleanField(
                    label=_("Ta med"), required=False, initial=True
                )

    def rows(self):
        """(group, [(item, text field, keep field)]) for the template."""
        return [
            (
                group,
                [
                    (item, self[f"{item.key}-text"], self[f"{item.key}-keep"])
                    for item in group.items
                ],
            )
            for group in self.groups
        ]

    def clean(self):
        cleaned = super().clean()
        for group in self.groups:
            for item in group.items:
                if cleaned.get(f"{item.key}-keep") and not cleaned.get(f"{item.key}-text"):
                    self.add_error(
                        f"{item.key}-text",
                        _("Skriv en tekst, eller fjern haken i «Ta med» for å utelate den."),
                    )
        return cleaned

    def texts(self) -> dict[str, str]:
        """Edited texts of the kept items, by plan path."""
        return {
            item.path: self.cleaned_data[f"{item.key}-text"]
            for group in self.groups
            for item in group.items
            if self.cleaned_data.get(f"{item.key}-keep")
        }

    def dropped(self) -> set[str]:
        return {
            item.path
            for group in self.groups
            for item in group.items
            if not self.cleaned_data.get(f"{item.key}-keep")
        }
