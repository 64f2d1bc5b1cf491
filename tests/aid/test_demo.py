import io
from decimal import Decimal

from aid import demo, reports
from aid.models import AidProject, Transaction


def test_demo_is_idempotent_and_tells_the_seeds_story(home_union):
    demo.load(io.StringIO())
    counts = (AidProject.objects.count(), Transaction.objects.count())
    demo.load(io.StringIO())
    assert (AidProject.objects.count(), Transaction.objects.count()) == counts
    # 2020: 19 new projects, up 90% on 2019, over USD 2.6 million committed by 12 donors.
    rows = {row["year"]: row for row in reports.new_projects_by_year(reports.Filters())}
    assert rows[2020]["count"] == 19 and rows[2020]["change"] == Decimal("90")
    filters = reports.Filters(year_from=2020, year_to=2020)
    totals = reports.totals(filters, "USD")
    assert totals["committed"] > Decimal("2600000")
    committing = Transaction.objects.filter(transaction_type="2", date__year=2020)
    assert committing.values("donor").distinct().count() == 12
    # Every project is marked as a sample.
    assert not AidProject.objects.exclude(reference__startswith="DEMO-").exists()
    assert reports.unconverted(reports.Filters(), "VND")[0] == 1  # the CHF gift, reported
