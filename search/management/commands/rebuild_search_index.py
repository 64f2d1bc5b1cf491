from django.core.management.base import BaseCommand

from search import index


class Command(BaseCommand):
    help = (
        "Write every search entry anew from the objects it describes (after bulk imports, "
        "QuerySet.update() or a restored backup: writes that send no save signal)."
    )

    def handle(self, *args, **options):
        count = index.rebuild()
        self.stdout.write(f"search: {count} entries")
