"""Fill the database with sample content at scale (benchmarks, demonstrations).

    manage.py generate_sample_data --articles 100000 --aid-projects 5000 \\
        --transactions 50000 --members 20000 --seed 1
    manage.py generate_sample_data --remove

Works on top of whatever is there (usually the demo data); every row it makes is
listed as sample (portal.SampleRecord) and `--remove` deletes exactly those rows.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal import sampledata


class Command(BaseCommand):
    help = "Generate sample data in bulk (marked as sample; --remove deletes it again)."

    def add_arguments(self, parser):
        # Each app's sample data module says what it can make (portal.sampledata).
        for name, (default, text) in sampledata.counts_offered().items():
            parser.add_argument(
                f"--{name.replace('_', '-')}",
                dest=name,
                type=int,
                default=default,
                help=f"How many {text} (default {default}).",
            )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument("--batch-size", type=int, default=2000, help="Rows per INSERT.")
        parser.add_argument("--remove", action="store_true", help="Delete all sample data instead.")
        parser.add_argument(
            "--images", type=int, default=6, help="Distinct cover images, reused (default 6)."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bars.")

    def handle(self, *args, **options):
        if options["remove"]:
            sampledata.remove(out=self.stdout)
            call_command("rebuild_search_index", stdout=self.stdout)
            return
        counts = {name: options[name] for name in sampledata.counts_offered()}
        try:
            sampledata.check(counts)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        sampledata.generate(
            counts,
            seed=options["seed"],
            batch=max(1, options["batch_size"]),
            out=self.stdout,
            quiet=options["quiet"] or options["verbosity"] == 0,
            images=max(0, options["images"]),
        )
        # Its rows are bulk-created: no save signal wrote their search entries.
        call_command("rebuild_search_index", stdout=self.stdout)
