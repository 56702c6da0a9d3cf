from django.urls import include, path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="organisations:list"), name="home"),
    # Ours first: Django's log-in and reset with rate limits and the two-factor step.
    path("konto/login/", views.LoginView.as_view(), name="login"),
    path("konto/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("konto/", include("django.contrib.auth.urls")),
    path("konto/sprak/", views.set_language, name="set_language"),
    path("konto/tofaktor/", views.totp_setup, name="totp_setup"),
    path("konto/tofaktor/kode/", views.totp_verify, name="totp_verify"),
    path("konto/tofaktor/av/", views.totp_disable, name="totp_disable"),
]
