from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("org/", views.organisation_list, name="list"),
    path("org/<slug:slug>/", views.organisation_detail, name="detail"),
]
