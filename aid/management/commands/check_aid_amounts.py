"""Check the converted amounts stored with the aid transactions (aid/conversion.py)."""

from django.core.management.base import BaseCommand, CommandError

from aid import conversion
from aid.models import Transaction


class Command(BaseCommand):
    help = (
        "Check that every aid transaction's stored VND and USD amounts are what the exchange "
        "rates give now (they are kept up to date on every save; a row written by raw SQL "
        "would not be). Fails listing the first ones that are not; --fix stores them again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help="Store the amounts again where they differ."
        )

    def handle(self, *args, fix=False, **options):
        stale = conversion.stale()
        count = stale.count()
        total = Transaction.objects.count()
        if not count:
            self.stdout.write(f"{total} transactions: every converted amount is up to date.")
            return
        if fix:
            # The stale rows by id (one UPDATE per CHUNK): the table read is the one updated.
            pks = list(stale.values_list("pk", flat=True))
            conversion.transactions_changed(pks)
            self.stdout.write(f"{len(pks)} of {total} transactions: amounts stored again.")
            return
        first = ", ".join(f"#{pk}" for pk in stale.order_by("pk").values_list("pk", flat=True)[:10])
        raise CommandError(
            f"{count} of {total} transactions have out-of-date converted amounts ({first}"
            f"{', …' if count > 10 else ''}); run `manage.py check_aid_amounts --fix`."
        )
