"""Every public URL, fetched anonymously for every demo strategy, shows nothing that is not
public: no text of a non-public action, no unpublished strategy, nobody on the crisis
notification list, no user. The URLs come from the URLconf (every @login_not_required view of
the publishing app), so a public page added later is checked without changing this test."""

from __future__ import annotations

import html
import io
import re
import subprocess

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from docx import Document
from zeal import zeal_ignore

from kommplan.strategies.models import Strategy
from tests.url_catalogue import project_patterns

from .conftest import SECRET

PUBLIC_PATTERNS = [
    p for p in project_patterns() if p.name and p.name.startswith("publishing:") and p.is_public
]


def _text(response) -> str:
    """What a reader (or a feed reader, or a PDF/Word viewer) can get out of the answer."""
    kind = response["Content-Type"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "pdf" in kind:
        out = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True
        )
        return out.stdout.decode()
    if "wordprocessingml" in kind:
        document = Document(io.BytesIO(body))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        for section in document.sections:
            parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
        return "\n".join(parts)
    # HTML and Atom: attributes count too; an Atom summary is escaped HTML, so unescape twice.
    return html.unescape(html.unescape(body.decode()))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _public_sources(strategy: Strategy) -> str:
    """All the text that may show for a published strategy (to tell a leaked title of a
    non-public action from the same words used in the strategy itself)."""
    texts = [strategy.title, strategy.vision, strategy.purpose, strategy.crisis_note]
    for related, fields in {
        "goals": ("text", "description"),
        "approaches": ("title", "text", "description"),
        "target_groups": ("name", "description"),
        "messages": ("text",),
        "channels": ("name", "description"),
        "principles": ("name", "text"),
        "challenges": ("title", "text"),
        "roles": ("title", "responsibility"),
        "rules": ("name",),
    }.items():
        for row in getattr(strategy, related).values_list(*fields):
            texts += [value for value in row if value]
    for row in strategy.actions.filter(public=True).values_list(
        "title", "description", "responsible", "timing"
    ):
        texts += [value for value in row if value]
    return _flat(" ".join(texts))


def _forbidden(strategies) -> dict[str, list[str]]:
    """Per strategy pk: strings that must appear on none of that strategy's public answers."""
    people = []
    for user in User.objects.all():
        people += [re.escape(user.email), re.escape(f"{user.first_name} {user.last_name}")]
        people.append(rf"\b{re.escape(user.username)}\b")
    found = {}
    for strategy in strategies:
        with zeal_ignore():  # the test's own reads, a few per strategy
            allowed = _public_sources(strategy)
            hidden = strategy.actions.filter(public=False).values_list("title", flat=True)
            titles = [_flat(title) for title in hidden if _flat(title) not in allowed]
        found[strategy.pk] = [SECRET, "912 34 567", *map(re.escape, titles), *people]
    return found


def _leaks(text: str, patterns: list[str]) -> list[str]:
    flat = _flat(text)
    return [p for p in patterns if p and re.search(p, flat)]


def _urls(strategy: Strategy) -> list[str]:
    urls = []
    for pattern in PUBLIC_PATTERNS:
        kwargs = {"org_slug": strategy.organisation.slug, "pk": strategy.pk}
        urls.append(reverse(pattern.name, kwargs={k: kwargs[k] for k in pattern.kwargs}))
    return sorted(set(urls))


def test_the_walk_covers_every_public_url_of_the_app():
    names = {p.name for p in PUBLIC_PATTERNS}
    assert {
        "publishing:index",
        "publishing:organisation",
        "publishing:strategy",
        "publishing:feed",
        "publishing:document_pdf",
        "publishing:document_docx",
    } <= names
    assert "publishing:control" not in names  # for editors only


@pytest.mark.django_db
def test_no_public_url_shows_anything_not_public_for_any_demo_strategy(public_cast):
    client = Client()
    strategies = list(Strategy.objects.select_related("organisation").order_by("pk"))
    forbidden = _forbidden(strategies)
    everyone = sorted({p for patterns in forbidden.values() for p in patterns})
    checked_titles = sum(len(patterns) for patterns in forbidden.values())
    problems = []
    seen = {"published": 0, "unpublished": 0}
    for strategy in strategies:
        for url in _urls(strategy):
            response = client.get(url)
            # The index and the organisation page list several strategies: check them all.
            listing = "strategi" not in url
            if strategy.published or listing:
                if listing and not strategy.published and "apen/innherred" in url:
                    assert response.status_code == 404, url  # no published strategy there
                    continue
                assert response.status_code == 200, url
                patterns = everyone if listing else forbidden[strategy.pk]
                problems += [f"{url}: {leak}" for leak in _leaks(_text(response), patterns)]
                if listing:
                    assert strategy.title not in _text(response) or strategy.published, url
                seen["published"] += 1
            else:
                assert response.status_code == 404, f"{url} of an unpublished strategy"
                seen["unpublished"] += 1
    assert not problems, "\n".join(problems)
    # The walk really did both: pages of published strategies, and 404s for the others.
    assert seen["published"] >= 4 * len(PUBLIC_PATTERNS) - 2
    assert seen["unpublished"] >= 2 * (len(PUBLIC_PATTERNS) - 2)
    assert checked_titles > 40


@pytest.mark.django_db
def test_an_unpublished_strategy_is_listed_nowhere(public_cast):
    client = Client()
    for url in ("/apen/", "/apen/rana-kommune/"):
        text = _text(client.get(url))
        assert public_cast.title not in text
        assert "Innherred" not in text
    assert client.get(f"/apen/rana-kommune/strategi/{public_cast.pk}/").status_code == 404
    assert client.get("/apen/innherred-samkommune/").status_code == 404


@pytest.mark.django_db
def test_the_leak_check_would_catch_a_leak(public_cast):
    # Guards the test itself: a page that showed a non-public action would be reported.
    strategy = Strategy.objects.get(organisation__slug="rana-kommune", published=True)
    hidden = strategy.actions.filter(public=False).first()
    patterns = _forbidden([strategy])[strategy.pk]
    assert _leaks(f"<td>{hidden.title}</td>", patterns)
    assert _leaks(hidden.description, patterns)
    assert _leaks("Kontakt: rana-redaktor", patterns)
    assert not _leaks("Strategien er publisert", patterns)
