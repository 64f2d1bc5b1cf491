from django.core.management.base import BaseCommand

from portal import sampledata


class Command(BaseCommand):
    help = "Delete everything generate_sample_data made (and only that)."

    def handle(self, *args, **options):
        removed = sampledata.remove(out=self.stdout)
        for label, count in removed.items():
            self.stdout.write(f"  {label}: {count:,}")
