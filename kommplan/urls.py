from django.contrib import admin
from django.urls import include, path

from kommplan.api import api_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api_urls()),
    path("", include("kommplan.accounts.urls")),
    path("", include("kommplan.apitokens.urls")),
    path("", include("kommplan.organisations.urls")),
    path("", include("kommplan.strategies.urls")),
    path("", include("kommplan.actions.urls")),
    path("", include("kommplan.yearwheel.urls")),
    path("", include("kommplan.about.urls")),
    path("", include("kommplan.followup.urls")),
    path("", include("kommplan.indicators.urls")),
    path("", include("kommplan.audit.urls")),
    path("", include("kommplan.documents.urls")),
    path("", include("kommplan.reminders.urls")),
    path("", include("kommplan.crisis.urls")),
    path("", include("kommplan.reports.urls")),
    path("", include("kommplan.publishing.urls")),
    path("", include("kommplan.spreadsheets.urls")),
]
