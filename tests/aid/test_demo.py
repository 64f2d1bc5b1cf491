import io
from decimal import Decimal

from aid import demo, reports
from aid.models import AidProject, Donor, Location, Transaction


def _coordinating_bodies():
    return set(AidProject.objects.values_list("coordinating_body_en", flat=True)) - {"", None}


def _districts():
    return set(Location.objects.filter(level="district").values_list("name_vi", flat=True))


def test_demo_is_a_marked_sample_of_the_home_union_and_idempotent(home_union):
    from unions import demo as unions_demo

    demo.load(io.StringIO())
    counts = (AidProject.objects.count(), Transaction.objects.count())
    # No seed gives a Bắc Giang project: every one is a sample, and says so in both languages.
    assert not AidProject.objects.exclude(reference__startswith="DEMO-").exists()
    assert not AidProject.objects.filter(is_sample=False).exists()
    for project in AidProject.objects.all():
        assert project.title_vi.endswith("(mẫu)") and project.title_en.endswith("(sample)")
    assert not Donor.objects.exclude(name_en__endswith="(sample)").exists()
    assert _coordinating_bodies() == {"Bắc Giang Union of Friendship Organizations"}
    assert reports.unconverted(reports.Filters(), "VND")[0] == 1  # the CHF gift, reported

    # No other union's seed figures are built in. Tuyên Quang's 2020 (seed 004): 19 new
    # projects, up 90%, over USD 2.6 million from 12 donors; Hải Phòng's VND 300 million (002).
    rows = {row["year"]: row for row in reports.new_projects_by_year(reports.Filters())}
    assert rows[2020]["count"] != 19 and rows[2020]["change"] != Decimal("90")
    committed = reports.totals(reports.Filters(year_from=2020, year_to=2020), "USD")["committed"]
    assert not Decimal("2600000") <= committed < Decimal("2700000")
    assert not Transaction.objects.filter(amount=Decimal("300000000")).exists()
    assert not Donor.objects.filter(slug="sample-korean-businesses").exists()

    # DEMO=tay-ninh: the aid tables become Tây Ninh's, in its districts.
    unions_demo.load(io.StringIO(), home="tay-ninh")
    demo.load(io.StringIO())
    assert _coordinating_bodies() == {"Tây Ninh Union of Friendship Organizations"}
    assert "Thành phố Tây Ninh" in _districts() and "Thành phố Bắc Giang" not in _districts()

    # And back: the same data as the first time.
    unions_demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert (AidProject.objects.count(), Transaction.objects.count()) == counts
    assert _coordinating_bodies() == {"Bắc Giang Union of Friendship Organizations"}
    assert "Thành phố Bắc Giang" in _districts() and "Thành phố Tây Ninh" not in _districts()
