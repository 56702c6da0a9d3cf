from django.urls import path

from . import views

app_name = "about"
urlpatterns = [
    path("tilgjengelighet/", views.accessibility_statement, name="accessibility"),
]
