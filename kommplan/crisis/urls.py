from django.urls import path

from . import views

app_name = "crisis"

ORG = "org/<slug:org_slug>/krise/"
LIST = ORG + "varslingsliste/"
ROLE = LIST + "<int:item_pk>/"
PERSON = ORG + "person/<int:item_pk>/"
CRISIS = ORG + "<int:pk>/"

urlpatterns = [
    # The crisis page: the running crisis (or drill), else the forms to start one.
    path(ORG, views.crisis_home, name="home"),
    path(ORG + "start/", views.crisis_start, {"drill": False}, name="start"),
    path(ORG + "ovelse/start/", views.crisis_start, {"drill": True}, name="start_drill"),
    path(ORG + "historikk/", views.crisis_history, name="history"),
    path(CRISIS, views.crisis_detail, name="detail"),
    path(CRISIS + "logg/ny/", views.log_add, name="log_add"),
    path(CRISIS + "logg.pdf", views.log_pdf, name="log_pdf"),
    path(CRISIS + "avslutt/", views.crisis_end, name="end"),
    path(CRISIS + "mottaker/<int:item_pk>/bekreft/", views.acknowledge_manual, name="ack_manual"),
    # The notification list (varslingsliste) and its people.
    path(LIST, views.notification_list, name="notification_list"),
    path(LIST + "ny/", views.role_add, name="role_add"),
    path(ROLE, views.role_edit, name="role_edit"),
    path(ROLE + "slett/", views.role_delete, name="role_delete"),
    path(ROLE + "flytt/", views.role_move, name="role_move"),
    path(ROLE + "person/ny/", views.contact_add, name="contact_add"),
    path(PERSON, views.contact_edit, name="contact_edit"),
    path(PERSON + "slett/", views.contact_delete, name="contact_delete"),
    path(PERSON + "flytt/", views.contact_move, name="contact_move"),
    path(ORG + "innstillinger/", views.crisis_settings, name="settings"),
    path(ORG + "personopplysninger/", views.person_data, name="person_data"),
    # The link in the alert: no log-in, the token is the key.
    path("krise/mottatt/<str:token>/", views.acknowledge, name="acknowledge"),
]
