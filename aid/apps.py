from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "aid"
    verbose_name = _("Foreign NGO aid")

    def ready(self):
        from . import conversion, figures
        from .models import ExchangeRate, PendingImport, Transaction

        # The converted amounts stored with each transaction (aid/conversion.py).
        post_save.connect(conversion.transaction_saved, sender=Transaction, dispatch_uid="aid-tx")
        post_save.connect(conversion.rate_saved, sender=ExchangeRate, dispatch_uid="aid-rate")
        post_delete.connect(
            conversion.rate_deleted, sender=ExchangeRate, dispatch_uid="aid-rate-deleted"
        )
        # The figures of the overview and the dashboard (aid/figures.py): any aid data.
        for model in self.get_models():
            if model is PendingImport:  # an upload waiting for confirmation
                continue
            uid = f"aid-figures-{model._meta.model_name}"
            post_save.connect(figures.changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(figures.changed, sender=model, dispatch_uid=f"{uid}-delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    figures.changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"{uid}-{field.name}",
                )
