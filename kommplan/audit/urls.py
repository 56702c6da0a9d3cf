from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("org/<slug:org_slug>/strategi/<int:pk>/logg/", views.strategy_log, name="strategy_log"),
]
