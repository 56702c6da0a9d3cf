from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("org/<slug:org_slug>/strategi/<int:pk>/tiltak/", views.action_plan, name="plan"),
]
