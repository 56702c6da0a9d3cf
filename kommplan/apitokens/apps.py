from django.apps import AppConfig


class ApiTokensConfig(AppConfig):
    name = "kommplan.apitokens"
    verbose_name = "API-nøkler"
