"""Sample data of the foreign NGO aid (portal.sampledata): donors, projects with their sector,
district and funder, transactions, and the yearly exchange rates they need."""

import datetime
from decimal import Decimal

from django.utils import timezone

from portal.sampledata import DISTRICTS, ORGS, SLUG_MARK, Progress, Writer, bulk, sample_ids

from .models import (
    AidProject,
    Donor,
    ExchangeRate,
    Location,
    Participant,
    ProjectSector,
    Sector,
    Transaction,
)

ORDER = 50  # last: the order of the random draws
COUNTS = {
    "aid_projects": (200, "foreign NGO aid projects"),
    "transactions": (2000, "aid transactions"),
}
SAMPLE_MODELS = [
    Transaction,
    Participant,
    ProjectSector,
    AidProject,
    Donor,
    ExchangeRate,
    Location,
    Sector,
]


def generate(ctx):
    make_aid(ctx, ctx["counts"]["aid_projects"], ctx["counts"]["transactions"])


def make_aid(ctx, projects_count, transactions_count):
    rng = ctx["rng"]
    if not projects_count:
        return
    sectors = list(Sector.objects.all()[:60])
    if not sectors:
        sectors = bulk(
            Sector,
            [
                Sector(code="11220", name_vi="Giáo dục tiểu học", name_en="Primary education"),
                Sector(code="12220", name_vi="Y tế cơ bản", name_en="Basic health care"),
                Sector(code="14030", name_vi="Nước sạch", name_en="Basic drinking water"),
            ],
            ctx["batch"],
        )
    districts = list(Location.objects.filter(level=Location.Level.DISTRICT)[:30])
    if not districts:
        districts = bulk(
            Location,
            [Location(level=Location.Level.DISTRICT, name_vi=v, name_en=e) for v, e in DISTRICTS],
            ctx["batch"],
        )
    codes = ["AU", "CH", "DE", "FR", "GB", "JP", "KR", "NL", "NO", "SE", "US", "XX"]
    n_donors = max(5, projects_count // 25)
    start = sample_ids(Donor).count()
    donors = []
    for i in range(n_donors):
        number = start + i + 1
        ov, oe = ORGS[i % len(ORGS)]
        donors.append(
            Donor(
                name_vi=f"{ov} – văn phòng {number}",
                name_en=f"{oe} – office {number}",
                acronym=f"S{number}",
                slug=f"sample-donor{SLUG_MARK}{number}",
                country=rng.choice(codes),
            )
        )
    donors = bulk(Donor, donors, ctx["batch"])
    # Yearly rates for the currencies the sample uses, where none is recorded that day.
    rates = {"USD": 23000, "EUR": 26000, "JPY": 180, "KRW": 18}
    have = set(ExchangeRate.objects.values_list("currency", "date"))
    new_rates = []
    for code, base in rates.items():
        for year in range(2004, timezone.localdate().year + 1):
            day = datetime.date(year, 1, 1)
            if (code, day) not in have:
                value = Decimal(base) * Decimal(0.8 + 0.02 * (year - 2004))
                new_rates.append(
                    ExchangeRate(
                        currency=code,
                        date=day,
                        rate=value.quantize(Decimal("0.01")),
                        source="sample",
                    )
                )
    bulk(ExchangeRate, new_rates, ctx["batch"])

    writer = Writer(rng)
    start = sample_ids(AidProject).count()
    objs = []
    kinds = ["programme", "project", "project", "project", "non_project", "emergency"]
    for i in range(projects_count):
        number = start + i + 1
        year = rng.randint(2005, 2025)
        when = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        tv, te, sv, se, _pv, _pe = writer.article(datetime.datetime(year, when.month, when.day))
        objs.append(
            AidProject(
                reference=f"SAMPLE-{number:06d}",
                title_vi=tv[:300],
                title_en=te[:300],
                description_vi=sv,
                description_en=se,
                kind=rng.choice(kinds),
                status=rng.choice("22234"),
                year=year,
                coordinating_body_vi="Liên hiệp các tổ chức hữu nghị tỉnh",
                coordinating_body_en="Provincial Union of Friendship Organizations",
                planned_start=when,
                planned_end=when + datetime.timedelta(days=rng.randint(90, 1500)),
                beneficiaries_count=rng.randint(20, 5000),
                is_published=rng.random() < 0.95,
            )
        )
    projects = bulk(
        AidProject,
        objs,
        ctx["batch"],
        Progress(ctx["out"], "aid projects", projects_count, ctx["quiet"]),
    )
    funder = {}
    shares, participants, district_links = [], [], []
    DistrictThrough = AidProject.districts.through
    for project in projects:
        donor = rng.choice(donors)
        funder[project.pk] = donor
        shares.append(
            ProjectSector(project=project, sector=rng.choice(sectors), percentage=Decimal(100))
        )
        participants.append(Participant(project=project, donor=donor, role="1"))
        district_links.append(
            DistrictThrough(aidproject_id=project.pk, location_id=rng.choice(districts).pk)
        )
    bulk(ProjectSector, shares, ctx["batch"])
    bulk(Participant, participants, ctx["batch"])
    DistrictThrough.objects.bulk_create(district_links, batch_size=5000)

    currencies = ["VND", "VND", "USD", "USD", "EUR", "JPY", "KRW"]
    amounts = {"VND": (50_000_000, 5_000_000_000), "USD": (2_000, 200_000), "EUR": (2_000, 150_000)}
    amounts |= {"JPY": (300_000, 20_000_000), "KRW": (3_000_000, 200_000_000)}
    txs = []
    for number in range(1, transactions_count + 1):
        project = rng.choice(projects)
        currency = rng.choice(currencies)
        low, high = amounts[currency]
        day = project.planned_start + datetime.timedelta(days=rng.randint(0, 900))
        txs.append(
            Transaction(
                project=project,
                transaction_type=rng.choice("2334"),
                donor=funder[project.pk],
                date=day,
                value_date=day,
                amount=Decimal(rng.randint(low, high)),
                currency=currency,
                # Alike payments drawn at random stay apart under the natural key.
                reference=f"SAMPLE-TX-{number:07d}",
            )
        )
    bulk(
        Transaction,
        txs,
        ctx["batch"],
        Progress(ctx["out"], "transactions", transactions_count, ctx["quiet"]),
    )
