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

COUNTS = {
    # option: (default, help)
    "articles": (1000, "news articles (about 40%% also in English)"),
    "associations": (20, "friendship associations of the home union"),
    "chapters": (100, "chapters of those associations"),
    "members": (2000, "individual members"),
    "congresses": (40, "congresses of those associations, with elected bodies"),
    "aid_projects": (200, "foreign NGO aid projects"),
    "transactions": (2000, "aid transactions"),
}


class Command(BaseCommand):
    help = "Generate sample data in bulk (marked as sample; --remove deletes it again)."

    def add_arguments(self, parser):
        for name, (default, text) in COUNTS.items():
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
        counts = {name: options[name] for name in COUNTS}
        for name, value in counts.items():
            if value < 0:
                raise CommandError(f"--{name.replace('_', '-')} cannot be negative.")
        if counts["chapters"] and not counts["associations"]:
            raise CommandError("Chapters need at least one association (--associations).")
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
