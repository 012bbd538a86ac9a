from django.apps import AppConfig


class AlliesConfig(AppConfig):
    name = "allies"
    verbose_name = "Groups and members"
