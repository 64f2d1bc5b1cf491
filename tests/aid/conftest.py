import datetime
from decimal import Decimal

import pytest

from aid.codelists import ActivityStatus, OrganisationRole, ProjectKind, TransactionType
from aid.models import (
    AidProject,
    Donor,
    ExchangeRate,
    Location,
    Participant,
    ProjectSector,
    Sector,
    Transaction,
)
from tests.factories import staff_user

D = Decimal


@pytest.fixture
def rates(db):
    """USD and EUR rates that change during 2021, so the value date matters."""
    for currency, date, rate in [
        ("USD", datetime.date(2021, 1, 1), "23000"),
        ("USD", datetime.date(2021, 7, 1), "23500"),
        ("USD", datetime.date(2022, 1, 1), "24000"),
        ("EUR", datetime.date(2021, 1, 1), "27000.5"),
        ("EUR", datetime.date(2022, 1, 1), "26000"),
    ]:
        ExchangeRate.objects.create(currency=currency, date=date, rate=D(rate))


@pytest.fixture
def aid_data(home_union, rates):
    """Two districts, three donors, three projects, transactions in VND, USD and EUR."""
    north = Location.objects.create(level="district", name_vi="Huyện Bắc", name_en="North District")
    south = Location.objects.create(level="district", name_vi="Huyện Nam", name_en="South District")
    commune = Location.objects.create(
        level="commune", name_vi="Xã Đông", name_en="Đông Commune", parent=north
    )
    water = Donor.objects.create(
        name_vi="Nước Sạch",
        name_en="Clean Water",
        slug="clean-water",
        country="AU",
        contact_email="secret-contact@example.org",
        contact_phone="+61 000 111",
    )
    school = Donor.objects.create(
        name_vi="Trường Học", name_en="School Aid", slug="school-aid", country="DE"
    )
    korea = Donor.objects.create(
        name_vi="Doanh nghiệp Hàn",
        name_en="Korean firms",
        slug="korean-firms",
        country="KR",
        organisation_type="72",
    )
    health, edu = Sector.objects.get(code="12220"), Sector.objects.get(code="11220")
    wash = Sector.objects.get(code="14030")

    p1 = AidProject.objects.create(
        reference="T-2021-01",
        title_vi="Nước sạch cho trường",
        title_en="Water for schools",
        description_vi="Mô tả",
        description_en="Description",
        kind=ProjectKind.PROJECT,
        status=ActivityStatus.IMPLEMENTATION,
        year=2021,
        planned_start=datetime.date(2021, 3, 1),
    )
    ProjectSector.objects.create(project=p1, sector=wash, percentage=60)
    ProjectSector.objects.create(project=p1, sector=edu, percentage=40)
    p1.districts.set([north, south])
    p1.communes.set([commune])
    Participant.objects.create(project=p1, donor=water, role=OrganisationRole.FUNDING)

    p2 = AidProject.objects.create(
        reference="T-2022-01",
        title_vi="Trạm y tế",
        title_en="Health station",
        kind=ProjectKind.PROGRAMME,
        status=ActivityStatus.CLOSED,
        year=2022,
    )
    ProjectSector.objects.create(project=p2, sector=health, percentage=100)
    p2.districts.set([south])
    Participant.objects.create(project=p2, donor=school, role=OrganisationRole.FUNDING)

    p3 = AidProject.objects.create(
        reference="T-2022-02",
        title_vi="Lớp tiếng Hàn",
        title_en="Korean class",
        kind=ProjectKind.NON_PROJECT,
        status=ActivityStatus.CLOSED,
        year=2022,
        is_published=False,
    )
    Participant.objects.create(project=p3, donor=korea, role=OrganisationRole.FUNDING)

    C, DIS, EXP = (
        TransactionType.COMMITMENT,
        TransactionType.DISBURSEMENT,
        TransactionType.EXPENDITURE,
    )

    def tx(project, kind, donor, date, amount, currency, value_date=None):
        return Transaction.objects.create(
            project=project,
            transaction_type=kind,
            donor=donor,
            date=date,
            value_date=value_date or date,
            amount=D(amount),
            currency=currency,
        )

    tx(p1, C, water, datetime.date(2021, 3, 1), "100000", "USD")  # rate 23000
    tx(p1, DIS, water, datetime.date(2021, 8, 1), "40000", "USD")  # rate 23500
    tx(p1, EXP, water, datetime.date(2021, 9, 1), "1000000000", "VND")
    tx(p2, C, school, datetime.date(2022, 2, 1), "50000", "EUR")  # rate 26000
    tx(p2, DIS, school, datetime.date(2022, 3, 1), "20000.50", "EUR")
    tx(p3, C, korea, datetime.date(2022, 5, 1), "300000000", "VND")
    tx(p3, DIS, korea, datetime.date(2022, 6, 1), "300000000", "VND")
    return {"projects": [p1, p2, p3], "donors": [water, school, korea], "districts": [north, south]}


@pytest.fixture
def leader(db):
    return staff_user("leader", "Leadership")


@pytest.fixture
def writer(db):
    return staff_user("writer1", "Writer")


@pytest.fixture
def secretary(db):
    return staff_user("secretary1", "Secretariat")
