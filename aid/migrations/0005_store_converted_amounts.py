"""Fill Transaction.amount_vnd and amount_usd: one UPDATE computed by the database, with the
conversion of aid/conversion.py applied to the historical models."""

from django.db import migrations


def store_converted_amounts(apps, schema_editor):
    from aid import conversion

    Transaction = apps.get_model("aid", "Transaction")
    ExchangeRate = apps.get_model("aid", "ExchangeRate")
    conversion.store(Transaction.objects.using(schema_editor.connection.alias), ExchangeRate)


class Migration(migrations.Migration):
    dependencies = [("aid", "0004_transaction_amount_vnd_usd")]

    operations = [
        migrations.RunPython(store_converted_amounts, migrations.RunPython.noop, elidable=True),
    ]
