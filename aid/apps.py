from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "aid"
    verbose_name = _("Foreign NGO aid")

    def ready(self):
        from . import conversion
        from .models import ExchangeRate, Transaction

        # The converted amounts stored with each transaction (aid/conversion.py).
        post_save.connect(conversion.transaction_saved, sender=Transaction, dispatch_uid="aid-tx")
        post_save.connect(conversion.rate_saved, sender=ExchangeRate, dispatch_uid="aid-rate")
        post_delete.connect(
            conversion.rate_deleted, sender=ExchangeRate, dispatch_uid="aid-rate-deleted"
        )
