from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("org/<slug:org_slug>/strategi/<int:pk>/tiltak/", views.action_plan, name="plan"),
    path("org/<slug:org_slug>/strategi/<int:pk>/tiltak/nytt/", views.action_create, name="create"),
    path(
        "org/<slug:org_slug>/strategi/<int:pk>/tiltak/endre-flere/",
        views.bulk_edit,
        name="bulk",
    ),
    path("org/<slug:org_slug>/tiltak/<int:pk>/", views.action_detail, name="detail"),
    path("org/<slug:org_slug>/tiltak/<int:pk>/status/", views.report_status, name="report"),
    path("org/<slug:org_slug>/tiltak/<int:pk>/endre/", views.action_edit, name="edit"),
    path("org/<slug:org_slug>/tiltak/<int:pk>/slett/", views.action_delete, name="delete"),
    path("mine-tiltak/", views.my_action_list, name="mine"),
]
