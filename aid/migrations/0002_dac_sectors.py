"""Load the curated OECD DAC purpose codes (fixtures/aid/dac_sectors.csv)."""

from django.db import migrations

from aid.codelists import load_dac_sectors


def load_sectors(apps, schema_editor):
    load_dac_sectors(apps.get_model("aid", "Sector"))


class Migration(migrations.Migration):
    dependencies = [("aid", "0001_initial")]

    operations = [migrations.RunPython(load_sectors, migrations.RunPython.noop)]
