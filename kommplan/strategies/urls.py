from django.urls import path

from . import views

app_name = "strategies"
urlpatterns = [
    path("org/<slug:org_slug>/strategi/<int:pk>/", views.strategy_overview, name="overview"),
]
