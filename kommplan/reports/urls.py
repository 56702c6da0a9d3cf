from django.urls import path

from . import views

app_name = "reports"
DOCUMENTS = "org/<slug:org_slug>/strategi/<int:pk>/dokumenter/"
urlpatterns = [
    path(DOCUMENTS, views.documents, name="documents"),
    path(DOCUMENTS + "strategi/<str:format>/", views.strategy_download, name="strategy"),
    path(DOCUMENTS + "statusrapport/<str:format>/", views.status_download, name="status"),
]
