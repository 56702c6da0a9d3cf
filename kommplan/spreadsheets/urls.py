from django.urls import path

from . import views

app_name = "spreadsheets"
urlpatterns = [
    path(
        "org/<slug:org_slug>/strategi/<int:pk>/regneark/",
        views.spreadsheet_page,
        name="page",
    ),
    path(
        "org/<slug:org_slug>/strategi/<int:pk>/regneark/tiltaksplan.xlsx",
        views.download,
        name="download",
    ),
    path(
        "org/<slug:org_slug>/strategi/<int:pk>/regneark/lagre/",
        views.confirm,
        name="confirm",
    ),
]
