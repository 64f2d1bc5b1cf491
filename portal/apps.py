from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from portal import checks  # noqa: F401 - registers the system checks
        from portal.roles import sync_role_permissions

        # post_migrate is sent once per app *with models* (portal has none), and each
        # app's permissions are created by its own signal: sync after the last one.
        last = [config for config in apps.get_app_configs() if config.models_module][-1]
        post_migrate.connect(
            sync_role_permissions, sender=last, dispatch_uid="portal.sync_role_permissions"
        )

        from portal import pagecache

        pagecache.connect_signals()

        from django.db.models.signals import pre_save

        from portal import stored_files, xmltext

        pre_save.connect(xmltext.strip_on_save, dispatch_uid="portal.xmltext.strip_on_save")
        stored_files.connect_signals()

        from portal import security

        security.connect_signals()

        from django.db.models.signals import post_delete

        from portal import revisions

        for label in revisions.DECLARATIONS:
            post_delete.connect(
                revisions.delete_history,
                sender=apps.get_model(label),
                dispatch_uid=f"portal.revisions.{label}",
            )
