"""Load the curated OECD DAC purpose codes (fixtures/aid/dac_sectors.csv)."""

import csv
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "aid" / "dac_sectors.csv"


def load_sectors(apps, schema_editor):
    Sector = apps.get_model("aid", "Sector")
    with FIXTURE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Sector.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name_vi"],
                    "name_vi": row["name_vi"],
                    "name_en": row["name_en"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("aid", "0001_initial")]

    operations = [migrations.RunPython(load_sectors, migrations.RunPython.noop)]
