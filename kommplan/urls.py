from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("kommplan.organisations.urls")),
    path("", include("kommplan.strategies.urls")),
    path("", include("kommplan.actions.urls")),
]
