from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommplan.lib.htmx import announce
from kommplan.organisations.access import Need, get_organisation_for_user
from kommplan.planfiles.errors import PlanFileError

from . import services
from .access import get_import_job_for_user
from .forms import ReviewForm, UploadForm, limits_text
from .models import ImportJob
from .review import review_groups

RECENT_JOBS = 10


def _crumbs(organisation, current: str | None = None):
    crumbs = [
        (_("Organisasjoner"), reverse("organisations:list")),
        (organisation.name, reverse("organisations:detail", args=[organisation.slug])),
        (_("Importer dokument"), reverse("documents:upload", args=[organisation.slug])),
    ]
    if current is None:
        crumbs[-1] = (crumbs[-1][0], None)
    else:
        crumbs.append((current, None))
    return crumbs


def _job_url(job: ImportJob) -> str:
    return reverse("documents:job", args=[job.organisation.slug, job.pk])


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = get_organisation_for_user(request, org_slug, Need.EDIT)
    organisation = access.organisation
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.cleaned_data["document"]
        job = services.create_import_job(
            organisation=organisation,
            uploaded_by=request.user,
            filename=document.name,
            content=document.read(),
        )
        return redirect(_job_url(job))
    jobs = (
        ImportJob.objects.filter(organisation=organisation)
        .select_related("accepted_strategy")
        .defer("content", "plan", "sources", "lines")[:RECENT_JOBS]
    )
    return render(
        request,
        "documents/upload.html",
        {
            "organisation": organisation,
            "form": form,
            "limits": limits_text(),
            "jobs": jobs,
            "breadcrumbs": _crumbs(organisation),
        },
    )


@require_safe
def job(request: HttpRequest, org_slug: str, item_pk: int) -> HttpResponse:
    found, _access = get_import_job_for_user(request, org_slug, item_pk)
    if request.htmx:
        response = render(request, "documents/_status.html", _status_context(found))
        if found.is_finished:
            announce(response, _finished_message(found))
        return response
    form = None
    if found.status == ImportJob.Status.DONE:
        groups = review_groups(found.plan or {}, found.sources)
        form = ReviewForm(
            groups=groups, initial={"title": (found.plan or {}).get("strategy", {}).get("title")}
        )
    return _render_job(request, found, form)


def _status_context(found: ImportJob) -> dict:
    return {"job": found, "job_url": _job_url(found)}


def _finished_message(found: ImportJob) -> str:
    if found.status == ImportJob.Status.FAILED:
        return _("Dokumentet kunne ikke leses.")
    return _("Forslaget til plan er klart.")


def _render_job(
    request: HttpRequest, found: ImportJob, form: ReviewForm | None, problems=None
) -> HttpResponse:
    return render(
        request,
        "documents/job.html",
        {
            **_status_context(found),
            "organisation": found.organisation,
            "form": form,
            "problems": problems or [],
            "breadcrumbs": _crumbs(found.organisation, found.filename),
        },
        status=400 if problems else 200,
    )


@require_POST
def accept(request: HttpRequest, org_slug: str, item_pk: int) -> HttpResponse:
    found, _access = get_import_job_for_user(request, org_slug, item_pk)
    if found.status == ImportJob.Status.ACCEPTED and found.accepted_strategy is not None:
        return _already_accepted(request, found.accepted_strategy)
    if found.status != ImportJob.Status.DONE:
        messages.warning(request, _("Forslaget er ikke klart til å godtas."))
        return redirect(_job_url(found))
    form = ReviewForm(request.POST, groups=review_groups(found.plan or {}, found.sources))
    if not form.is_valid():
        return _render_job(request, found, form)
    try:
        strategy = services.accept_import(
            job=found,
            actor=request.user,
            title=form.cleaned_data["title"],
            texts=form.texts(),
            dropped=form.dropped(),
        )
    except services.AlreadyAccepted as exc:
        return _already_accepted(request, exc.strategy)
    except PlanFileError as exc:
        return _render_job(request, found, form, problems=exc.problems)
    messages.success(request, _("Planen «%(title)s» er opprettet.") % {"title": strategy.title})
    return redirect("strategies:overview", strategy.organisation.slug, strategy.pk)


def _already_accepted(request: HttpRequest, strategy) -> HttpResponse:
    messages.info(request, _("Forslaget er allerede godtatt."))
    if strategy is None:
        return redirect("organisations:detail", request.resolver_match.kwargs["org_slug"])
    return redirect("strategies:overview", strategy.organisation.slug, strategy.pk)
