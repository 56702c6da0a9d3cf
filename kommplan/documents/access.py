"""Who may see an import job: editors of the job's organisation."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kommplan.organisations.access import Access, Need, get_organisation_for_user

from .models import ImportJob


def get_import_job_for_user(
    request: HttpRequest, org_slug: str, pk: int, need: Need = Need.EDIT
) -> tuple[ImportJob, Access]:
    """The job and the user's access; 404 outside the organisation, 403 below `need`."""
    access = get_organisation_for_user(request, org_slug, need)
    job = (
        ImportJob.objects.select_related("organisation", "uploaded_by", "accepted_strategy")
        .filter(pk=pk, organisation=access.organisation)
        .first()
    )
    if job is None:
        raise Http404("Ukjent import")
    return job, access
