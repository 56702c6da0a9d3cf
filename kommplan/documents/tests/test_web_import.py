"""The web import flow: upload a document, watch it being read, review the proposal, accept it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from kommplan.audit.models import AuditEntry
from kommplan.documents.models import ImportJob
from kommplan.organisations.models import Organisation
from kommplan.strategies.models import Strategy

SEEDS = Path(__file__).parent / "fixtures" / "importer" / "seeds"
RANA_SEED = SEEDS / "rana-2023-2026.txt"
ORG = "rana-kommune"


@pytest.fixture
def editor(demo, login):
    return login("rana-redaktor")


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """upload(client, name, content) posts a document; the queued task runs at the commit."""

    def _upload(client, name: str, content: bytes, org: str = ORG):
        from django.core.files.uploadedfile import SimpleUploadedFile

        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("documents:upload", args=[org]),
                {"document": SimpleUploadedFile(name, content)},
            )

    return _upload


@pytest.fixture
def done_job(editor, upload) -> ImportJob:
    upload(editor, "rana.txt", RANA_SEED.read_bytes())
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    return job


def job_url(job: ImportJob, name: str = "documents:job") -> str:
    return reverse(name, args=[job.organisation.slug, job.pk])


def review_post(job: ImportJob, **changes) -> dict[str, str]:
    """The review form as a browser would post it unchanged, then `changes` applied; a change
    to None unticks or leaves out the field."""
    from kommplan.documents.review import review_groups

    data = {"title": "Importert strategi"}
    for group in review_groups(job.plan, job.sources):
        for item in group.items:
            data[f"{item.key}-text"] = item.text
            data[f"{item.key}-keep"] = "on"
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


# --- upload ---------------------------------------------------------------------------------


def test_the_upload_page_states_the_limits_and_the_accepted_types(editor, settings):
    settings.DOCUMENT_MAX_PAGES = 123
    response = editor.get(reverse("documents:upload", args=[ORG]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'accept=".pdf,.docx,.odt,.html,.htm,.txt"' in html
    assert "123 sider" in html
    assert html.count("<h1") == 1


def test_uploading_a_seed_reads_it_in_the_background_and_redirects_to_the_job(editor, upload):
    response = upload(editor, "rana.txt", RANA_SEED.read_bytes())
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == job_url(job)
    assert job.status == ImportJob.Status.DONE
    assert job.progress == 100
    assert job.organisation.slug == ORG
    assert job.uploaded_by.username == "rana-redaktor"
    assert job.plan["organisation"]["name"] == "Rana kommune"
    assert len(job.plan["actions"]) >= 2
    assert job.lines[0]["page"] == 1


def test_a_corrupt_pdf_gives_a_failed_job_with_a_clear_message(editor, upload):
    upload(editor, "strategi.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "PDF" in job.error
    page = editor.get(job_url(job)).content.decode()
    assert "Dokumentet kunne ikke leses" in page
    assert job.error.split(".")[0] in page
    assert "Godta og opprett plan" not in page


def test_a_file_of_another_type_is_refused_on_the_form(editor, upload):
    response = upload(editor, "plan.exe", b"MZ...")
    assert response.status_code == 200
    assert "Filtypen kan ikke leses" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_above_the_size_limit_is_refused_on_the_form(editor, upload, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    response = upload(editor, "rana.txt", RANA_SEED.read_bytes())
    assert response.status_code == 200
    assert "grensen er" in response.content.decode()
    assert not ImportJob.objects.exists()


# --- the job page ---------------------------------------------------------------------------


def test_a_queued_job_shows_its_progress_and_polls_while_not_finished(editor, demo):
    job = ImportJob.objects.create(
        organisation=Organisation.objects.get(slug=ORG), filename="plan.txt", content=b"x"
    )
    html = editor.get(job_url(job)).content.decode()
    assert '<progress id="import-progress" max="100" value="0">0 %</progress>' in html
    assert 'hx-trigger="every 2s"' in html
    assert "Oppdater" in html

    partial = editor.get(job_url(job), headers={"HX-Request": "true"})
    assert "<h1" not in partial.content.decode()
    assert 'hx-trigger="every 2s"' in partial.content.decode()
    assert "HX-Trigger" not in partial.headers


def test_the_polled_fragment_stops_polling_and_announces_when_done(done_job, editor):
    partial = editor.get(job_url(done_job), headers={"HX-Request": "true"})
    assert "every 2s" not in partial.content.decode()
    assert "Forslaget til plan er klart" in partial.headers["HX-Trigger"]


def test_the_review_page_shows_the_source_lines_and_the_seeds_actions(done_job, editor):
    html = editor.get(job_url(done_job)).content.decode()
    assert "every 2s" not in html
    for action in done_job.plan["actions"]:
        assert action["title"] in html
    source = done_job.sources["actions[0]"]
    anchor = f"src-{source['page']}-{source['line']}"
    assert f'id="{anchor}"' in html
    assert f'href="#{anchor}"' in html
    assert "Godta og opprett plan" in html
    assert html.count("<h1") == 1


def test_low_confidence_items_are_flagged_with_a_tag(done_job, editor):
    done_job.sources["actions[0]"]["confidence"] = 0.3
    done_job.save()
    html = editor.get(job_url(done_job)).content.decode()
    item = html.split('id="item-actions-0"')[1].split('id="item-actions-1"')[0]
    assert "Usikker" in item
    assert "sikkerhet 30 %" in item


# --- accepting ------------------------------------------------------------------------------


def test_accepting_creates_the_plan_without_dropped_items_and_with_edited_texts(done_job, editor):
    actions = done_job.plan["actions"]
    data = review_post(
        done_job,
        **{"actions-0-keep": None, "actions-1-text": "Bedre klarspråk", "title": "Ny plan"},
    )
    response = editor.post(job_url(done_job, "documents:accept"), data)

    strategy = Strategy.objects.get(title="Ny plan")
    assert response.status_code == 302
    assert response.url == reverse("strategies:overview", args=[ORG, strategy.pk])
    assert strategy.organisation.slug == ORG
    titles = list(strategy.actions.order_by("position", "pk").values_list("title", flat=True))
    assert len(titles) == len(actions) - 1
    assert actions[0]["title"] not in titles
    assert titles[0] == "Bedre klarspråk"
    done_job.refresh_from_db()
    assert done_job.status == ImportJob.Status.ACCEPTED
    assert done_job.accepted_strategy == strategy
    entry = AuditEntry.objects.get(strategy=strategy)
    assert entry.event == "create"
    assert entry.changes == {"import": [None, "rana.txt"]}


def test_accepting_twice_creates_one_strategy(done_job, editor):
    url = job_url(done_job, "documents:accept")
    editor.post(url, review_post(done_job))
    count = Strategy.objects.count()
    response = editor.post(url, review_post(done_job))
    assert Strategy.objects.count() == count
    assert Strategy.objects.filter(title="Importert strategi").count() == 1
    assert response.status_code == 302


def test_posting_another_organisations_name_changes_nothing(done_job, editor):
    data = review_post(done_job, organisation="Innherred Samkommune", organisation_name="ISK")
    editor.post(job_url(done_job, "documents:accept"), data)
    strategy = Strategy.objects.get(title="Importert strategi")
    assert strategy.organisation.slug == ORG
    assert not Strategy.objects.filter(
        organisation__slug="innherred-samkommune", title="Importert strategi"
    ).exists()


def test_dropping_a_goal_leaves_out_the_references_to_it(done_job, editor):
    from kommplan.documents.services import edited_plan_data

    plan = {
        "kommplan": 1,
        "organisation": {"name": "Noe annet"},
        "strategy": {"title": "T", "goals": [{"id": "g1", "text": "Mål"}]},
        "actions": [{"title": "Tiltak", "goal": "g1"}, {"title": "Annet", "goal": "g1"}],
    }
    data = edited_plan_data(
        plan,
        organisation=done_job.organisation,
        title="T",
        texts={},
        dropped={"strategy.goals[0]", "actions[1]"},
    )
    assert data["organisation"] == {"name": "Rana kommune"}
    assert data["strategy"]["goals"] == []
    assert data["actions"] == [{"title": "Tiltak"}]


def test_an_invalid_edit_lists_the_problems_and_creates_nothing(done_job, editor):
    count = Strategy.objects.count()
    data = review_post(done_job, **{"actions-0-text": ""})
    response = editor.post(job_url(done_job, "documents:accept"), data)
    assert response.status_code == 200
    assert "Skriv en tekst" in response.content.decode()
    assert Strategy.objects.count() == count
    done_job.refresh_from_db()
    assert done_job.status == ImportJob.Status.DONE


def test_a_title_the_organisation_already_has_is_a_located_problem(done_job, editor):
    existing = Strategy.objects.filter(organisation__slug=ORG).first()
    count = Strategy.objects.count()
    entries = AuditEntry.objects.count()
    done_job.plan["strategy"].pop("period", None)
    existing.period_start = None
    existing.save()
    done_job.save()
    data = review_post(done_job, title=existing.title)
    response = editor.post(job_url(done_job, "documents:accept"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<code>strategy.title</code>" in html
    assert "Planen ble ikke opprettet" in html
    assert Strategy.objects.count() == count
    assert AuditEntry.objects.count() == entries
    done_job.refresh_from_db()
    assert done_job.status == ImportJob.Status.DONE


def test_the_task_does_not_redo_a_finished_job(done_job):
    from kommplan.documents.tasks import read_import_job

    done_job.plan["strategy"]["title"] = "Rettet"
    done_job.save()
    read_import_job(done_job.pk)
    done_job.refresh_from_db()
    assert done_job.plan["strategy"]["title"] == "Rettet"


# --- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["rana-bidragsyter", "rana-leser"])
def test_other_roles_get_403_and_change_nothing(done_job, login, username, upload):
    client = login(username)
    assert client.get(reverse("documents:upload", args=[ORG])).status_code == 403
    assert client.get(job_url(done_job)).status_code == 403
    response = upload(client, "rana.txt", RANA_SEED.read_bytes())
    assert response.status_code == 403
    response = client.post(job_url(done_job, "documents:accept"), review_post(done_job))
    assert response.status_code == 403
    assert ImportJob.objects.count() == 1
    assert not Strategy.objects.filter(title="Importert strategi").exists()
    done_job.refresh_from_db()
    assert done_job.status == ImportJob.Status.DONE


def test_the_administrator_may_import(demo, login, upload):
    client = login("rana-admin")
    upload(client, "rana.txt", RANA_SEED.read_bytes())
    assert ImportJob.objects.get().status == ImportJob.Status.DONE


def test_another_organisations_administrator_gets_404(done_job, login, upload):
    client = login("isk-admin")
    assert client.get(reverse("documents:upload", args=[ORG])).status_code == 404
    assert client.get(job_url(done_job)).status_code == 404
    assert upload(client, "rana.txt", RANA_SEED.read_bytes()).status_code == 404
    response = client.post(job_url(done_job, "documents:accept"), review_post(done_job))
    assert response.status_code == 404
    assert ImportJob.objects.count() == 1
    assert not Strategy.objects.filter(title="Importert strategi").exists()


def test_a_job_seen_through_another_organisation_is_404(done_job, login):
    client = login("isk-redaktor")
    url = reverse("documents:job", args=["innherred-samkommune", done_job.pk])
    assert client.get(url).status_code == 404


def test_anonymous_is_redirected_to_log_in(done_job, client):
    client.logout()  # done_job logged the same client in
    for url in (reverse("documents:upload", args=[ORG]), job_url(done_job)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    client.post(job_url(done_job, "documents:accept"), review_post(done_job))
    assert not Strategy.objects.filter(title="Importert strategi").exists()


def test_accept_refuses_get(done_job, editor):
    assert editor.get(job_url(done_job, "documents:accept")).status_code == 405


def test_the_review_page_reads_the_job_in_one_query(done_job, editor, django_assert_num_queries):
    url = job_url(done_job)
    # session, user, organisation, membership, the job with its organisation, uploader and
    # strategy; the session is then saved (savepoint, update, release)
    with django_assert_num_queries(8):
        editor.get(url)
