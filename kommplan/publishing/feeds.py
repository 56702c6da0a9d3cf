"""Atom feed of status reports on a published strategy's public actions."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from kommplan.actions.models import StatusUpdate
from kommplan.strategies.models import Strategy

from .selectors import get_published_strategy, public_status_updates

FEED_ENTRIES = 50


class StatusFeed(Feed):
    """Entries are status reports (newest first). An entry's id is a tag URI made from the
    report's own key and the day it was stored, so it never changes, whatever address the
    site is reached at. The author is the organisation, never the person who reported."""

    feed_type = Atom1Feed

    def __init__(self, *, language: str):
        super().__init__()
        self.language = language

    def get_object(self, request, org_slug: str, pk: int) -> Strategy:
        self.request = request
        return get_published_strategy(org_slug, pk)

    def _page(self, strategy: Strategy) -> str:
        url = reverse("publishing:strategy", args=[strategy.organisation.slug, strategy.pk])
        return url if self.language == "nb" else f"{url}?lang={self.language}"

    def title(self, strategy: Strategy) -> str:
        return _("Status for tiltakene – %(strategy)s") % {"strategy": strategy.title}

    def subtitle(self, strategy: Strategy) -> str:
        return _("Statusoppdateringer på de offentlige tiltakene i %(strategy)s fra %(org)s.") % {
            "strategy": strategy.title,
            "org": strategy.organisation.name,
        }

    def link(self, strategy: Strategy) -> str:
        return self._page(strategy)

    def feed_guid(self, strategy: Strategy) -> str:
        return f"tag:kommplan,2026:apen/strategi/{strategy.pk}/status"

    def author_name(self, strategy: Strategy) -> str:
        return strategy.organisation.name

    def items(self, strategy: Strategy) -> list[StatusUpdate]:
        self._strategy = strategy
        return public_status_updates(strategy, limit=FEED_ENTRIES)

    def item_title(self, update: StatusUpdate) -> str:
        return f"{update.action.title}: {update.get_status_display()}"

    def item_description(self, update: StatusUpdate) -> str:
        # The summary is HTML to a feed reader: every text is escaped, paragraphs kept.
        parts = [
            _("Status %(status)s per %(date)s.")
            % {"status": update.get_status_display(), "date": update.date.strftime("%d.%m.%Y")}
        ]
        if update.action.responsible:
            parts.append(_("Ansvarlig: %(unit)s.") % {"unit": update.action.responsible})
        if update.comment:
            parts.append(update.comment)
        return "".join("<p>" + escape(part).replace("\n", "<br>") + "</p>" for part in parts)

    def item_link(self, update: StatusUpdate) -> str:
        return f"{self._page(self._strategy)}#tiltak-{update.action_id}"

    def item_guid(self, update: StatusUpdate) -> str:
        return f"tag:kommplan,{update.created_at:%Y-%m-%d}:statusoppdatering/{update.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, update: StatusUpdate):
        return update.created_at

    def item_updateddate(self, update: StatusUpdate):
        return update.created_at
