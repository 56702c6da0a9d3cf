from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("org/<slug:org_slug>/strategi/<int:pk>/oversikt/", views.dashboard, name="dashboard"),
]
