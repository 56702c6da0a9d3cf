from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .reader import SpreadsheetError, check_container

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    spreadsheet = forms.FileField(
        label=gettext_lazy("Regneark (XLSX)"),
        widget=forms.FileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
    )
    # No help text: the shared checkbox markup does not show one (the label says it all).
    replace = forms.BooleanField(
        label=gettext_lazy(
            "Slett tiltak som ikke står i regnearket (ellers blir de stående som de er)"
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["spreadsheet"].help_text = _(
            "Excel-arbeidsbok (.xlsx) på høyst %(size)s, for eksempel en du har lastet ned her "
            "og endret. Du ser hva som blir endret før noe lagres."
        ) % {"size": filesizeformat(settings.PLAN_FILE_MAX_BYTES)}

    def clean_spreadsheet(self):
        upload = self.cleaned_data["spreadsheet"]
        if upload.size > settings.PLAN_FILE_MAX_BYTES:
            raise forms.ValidationError(
                _("Filen er på %(size)s; grensen er %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.PLAN_FILE_MAX_BYTES),
                }
            )
        content = upload.read()
        try:
            check_container(content, upload.name)
        except SpreadsheetError as error:
            raise forms.ValidationError(error.problems) from None
        self.content = content
        return upload
