from django.urls import include, path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="organisations:list"), name="home"),
    path("konto/", include("django.contrib.auth.urls")),
    path("konto/sprak/", views.set_language, name="set_language"),
]
