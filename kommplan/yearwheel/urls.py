from django.urls import path

from . import views

app_name = "yearwheel"
urlpatterns = [
    path("org/<slug:org_slug>/strategi/<int:pk>/arshjul/", views.wheel, name="wheel"),
    path(
        "org/<slug:org_slug>/strategi/<int:pk>/arshjul/<str:format>/",
        views.export,
        name="export",
    ),
    path("org/<slug:org_slug>/strategi/<int:pk>/kalender/", views.calendar_list, name="list"),
    path("org/<slug:org_slug>/strategi/<int:pk>/kalender.ics", views.strategy_ical, name="ical"),
    path("org/<slug:org_slug>/tiltak/<int:pk>/tidsplan/", views.schedule, name="schedule"),
    path(
        "org/<slug:org_slug>/tiltak/<int:pk>/tidsplan/forhandsvisning/",
        views.schedule_preview,
        name="schedule_preview",
    ),
    path("org/<slug:org_slug>/kalenderabonnement/", views.feeds, name="feeds"),
    path(
        "org/<slug:org_slug>/kalenderabonnement/trekk-tilbake/",
        views.feed_revoke,
        name="feed_revoke",
    ),
    path("kalender/<str:token>.ics", views.feed, name="feed"),
]
