from django.urls import path

from . import views

app_name = "publishing"
urlpatterns = [
    path("apen/", views.index, name="index"),
    path("apen/<slug:org_slug>/", views.organisation, name="organisation"),
    path("apen/<slug:org_slug>/strategi/<int:pk>/", views.strategy, name="strategy"),
    path("apen/<slug:org_slug>/strategi/<int:pk>/status.atom", views.feed, name="feed"),
    path(
        "apen/<slug:org_slug>/strategi/<int:pk>/strategi.pdf",
        views.document,
        {"fmt": "pdf"},
        name="document_pdf",
    ),
    path(
        "apen/<slug:org_slug>/strategi/<int:pk>/strategi.docx",
        views.document,
        {"fmt": "docx"},
        name="document_docx",
    ),
    path("org/<slug:org_slug>/strategi/<int:pk>/publisering/", views.control, name="control"),
]
