"""Demo aid data for the home union: SAMPLE projects, donors and figures, none of them real.

No seed gives a project of Bắc Giang or Tây Ninh, so every project is invented, in the home
province's former districts, and marked: `is_sample` (the aid overview says its figures are
sample data), “(mẫu)” / “(sample)” in titles and donor names, reference codes starting with
DEMO-. No other union's seed figures are built in (an earlier demo copied Tuyên Quang's 2020
figures and a Hải Phòng gift into Bắc Giang's data). Tây Ninh's real figure, VND 105 billion
in its first term (seed 003), is a total with no project detail: its union page and congress
tell it, not these projects.

The aid tables are the portal's, not a union's: each run makes them the home union's again,
and removes the demo places of the other province. Running it twice gives the same data.
"""

import datetime
import random
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from unions.models import SiteSettings

from .codelists import (
    ActivityStatus,
    OrganisationRole,
    OrganisationType,
    ProjectKind,
    load_dac_sectors,
)
from .codelists import TransactionType as T
from .imports import import_file
from .models import AidProject, Donor, Location, Participant, ProjectSector, Sector, Transaction

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "aid"

# (name vi, name en) of the districts of the province before the 1 July 2025 reform.
DISTRICTS = [
    ("Thành phố Bắc Giang", "Bac Giang City"),
    ("Thị xã Việt Yên", "Việt Yên Town"),
    ("Huyện Hiệp Hòa", "Hiệp Hòa District"),
    ("Huyện Lạng Giang", "Lạng Giang District"),
    ("Huyện Lục Nam", "Lục Nam District"),
    ("Huyện Lục Ngạn", "Lục Ngạn District"),
    ("Huyện Sơn Động", "Sơn Động District"),
    ("Huyện Tân Yên", "Tân Yên District"),
    ("Huyện Yên Thế", "Yên Thế District"),
]
COMMUNES = [
    ("Xã Biên Sơn", "Biên Sơn Commune", "Huyện Lục Ngạn"),
    ("Xã Kiên Thành", "Kiên Thành Commune", "Huyện Lục Ngạn"),
    ("Xã An Lạc", "An Lạc Commune", "Huyện Sơn Động"),
    ("Xã Dương Hưu", "Dương Hưu Commune", "Huyện Sơn Động"),
    ("Xã Đồng Tiến", "Đồng Tiến Commune", "Huyện Yên Thế"),
    ("Xã Trường Sơn", "Trường Sơn Commune", "Huyện Lục Nam"),
]

TAY_NINH_DISTRICTS = [
    ("Thành phố Tây Ninh", "Tây Ninh City"),
    ("Thị xã Hòa Thành", "Hòa Thành Town"),
    ("Thị xã Trảng Bàng", "Trảng Bàng Town"),
    ("Huyện Bến Cầu", "Bến Cầu District"),
    ("Huyện Châu Thành", "Châu Thành District"),
    ("Huyện Dương Minh Châu", "Dương Minh Châu District"),
    ("Huyện Gò Dầu", "Gò Dầu District"),
    ("Huyện Tân Biên", "Tân Biên District"),
    ("Huyện Tân Châu", "Tân Châu District"),
]
# Home union slug -> (districts, communes with their district).
PLACES = {"bac-giang": (DISTRICTS, COMMUNES), "tay-ninh": (TAY_NINH_DISTRICTS, [])}


# slug, name, acronym, country, IATI type, currency
DONORS = [
    (
        "sample-childhope",
        "Quỹ Hy vọng Trẻ em (mẫu)",
        "Childhope Fund (sample)",
        "CHF-S",
        "US",
        "21",
        "USD",
    ),
    (
        "sample-clearwater",
        "Tổ chức Nước sạch Toàn cầu (mẫu)",
        "Clear Water Worldwide (sample)",
        "CWW-S",
        "AU",
        "21",
        "AUD",
    ),
    (
        "sample-kinderzukunft",
        "Hội Tương lai Trẻ em (mẫu)",
        "Kinderzukunft e.V. (sample)",
        "KZ-S",
        "DE",
        "21",
        "EUR",
    ),
    (
        "sample-sakura-aid",
        "Quỹ Hữu nghị Sakura (mẫu)",
        "Sakura Friendship Fund (sample)",
        "SFF-S",
        "JP",
        "60",
        "JPY",
    ),
    (
        "sample-hanbit",
        "Tổ chức Hanbit Sharing (mẫu)",
        "Hanbit Sharing (sample)",
        "HBS-S",
        "KR",
        "21",
        "KRW",
    ),
    (
        "sample-healthbridge",
        "Cầu nối Y tế (mẫu)",
        "Health Bridge International (sample)",
        "HBI-S",
        "CA",
        "21",
        "USD",
    ),
    (
        "sample-green-fields",
        "Cánh đồng Xanh (mẫu)",
        "Green Fields Alliance (sample)",
        "GFA-S",
        "NL",
        "21",
        "EUR",
    ),
    (
        "sample-open-books",
        "Sách Mở (mẫu)",
        "Open Books for Asia (sample)",
        "OBA-S",
        "US",
        "21",
        "USD",
    ),
    (
        "sample-helping-hands",
        "Bàn tay Giúp đỡ (mẫu)",
        "Helping Hands Relief (sample)",
        "HHR-S",
        "GB",
        "21",
        "USD",
    ),
    (
        "sample-vision-care",
        "Chăm sóc Thị lực (mẫu)",
        "Vision Care Partners (sample)",
        "VCP-S",
        "AU",
        "21",
        "AUD",
    ),
    (
        "sample-rural-future",
        "Tương lai Nông thôn (mẫu)",
        "Rural Future Foundation (sample)",
        "RFF-S",
        "FR",
        "60",
        "EUR",
    ),
    (
        "sample-mekong-women",
        "Phụ nữ Mê Kông (mẫu)",
        "Mekong Women's Network (sample)",
        "MWN-S",
        "SE",
        "21",
        "USD",
    ),
    (
        "sample-overseas-vietnamese",
        "Hội Người Việt ở nước ngoài (mẫu)",
        "Overseas Vietnamese Charity Group (sample)",
        "OVC-S",
        "XX",
        "90",
        "USD",
    ),
]

# (DAC codes with percentages, Vietnamese title, English title, beneficiaries vi, en)
THEMES = [
    (
        {"12220": 70, "12230": 30},
        "Nâng cao năng lực trạm y tế xã",
        "Strengthening commune health stations",
        "người dân các xã",
        "residents of the communes",
    ),
    (
        {"14030": 100},
        "Cấp nước sạch và nhà vệ sinh cho trường học",
        "Clean water and latrines for schools",
        "học sinh",
        "pupils",
    ),
    (
        {"11220": 60, "11120": 40},
        "Xây dựng phòng học cho trường tiểu học",
        "Classrooms for primary schools",
        "học sinh tiểu học",
        "primary pupils",
    ),
    (
        {"11240": 100},
        "Hỗ trợ giáo dục mầm non vùng cao",
        "Early childhood education in the uplands",
        "trẻ mầm non",
        "pre-school children",
    ),
    (
        {"31163": 50, "43040": 50},
        "Sinh kế chăn nuôi cho hộ nghèo",
        "Livestock livelihoods for poor households",
        "hộ nghèo",
        "poor households",
    ),
    (
        {"31191": 100},
        "Chuyển giao kỹ thuật trồng vải thiều an toàn",
        "Safe lychee growing techniques",
        "nông dân",
        "farmers",
    ),
    (
        {"12240": 100},
        "Phòng chống suy dinh dưỡng trẻ em",
        "Preventing child malnutrition",
        "trẻ em dưới 5 tuổi",
        "children under five",
    ),
    (
        {"11330": 100},
        "Đào tạo nghề cho thanh niên khuyết tật",
        "Vocational training for young people with disabilities",
        "thanh niên khuyết tật",
        "young people with disabilities",
    ),
    (
        {"15180": 60, "15170": 40},
        "Phòng chống bạo lực gia đình",
        "Preventing domestic violence",
        "phụ nữ và trẻ em gái",
        "women and girls",
    ),
    (
        {"12191": 100},
        "Phẫu thuật mắt miễn phí cho người cao tuổi",
        "Free eye surgery for older people",
        "người cao tuổi",
        "older people",
    ),
    (
        {"74020": 100},
        "Phòng ngừa và ứng phó thiên tai dựa vào cộng đồng",
        "Community-based disaster preparedness",
        "người dân vùng thiên tai",
        "people in disaster-prone areas",
    ),
    (
        {"16010": 100},
        "Hỗ trợ trẻ em có hoàn cảnh đặc biệt khó khăn",
        "Support for children in especially difficult circumstances",
        "trẻ em",
        "children",
    ),
]
EMERGENCY_THEMES = [
    (
        {"12264": 100},
        "Hỗ trợ phòng, chống dịch Covid-19",
        "COVID-19 prevention and control support",
        "người dân và nhân viên y tế",
        "residents and health workers",
    ),
    (
        {"72010": 60, "73010": 40},
        "Cứu trợ khẩn cấp sau bão lũ",
        "Emergency relief after storms and floods",
        "hộ gia đình bị thiệt hại",
        "affected households",
    ),
]
NEW_PER_YEAR = {
    2017: 6,
    2018: 8,
    2019: 10,
    2020: 11,
    2021: 14,
    2022: 12,
    2023: 11,
    2024: 13,
    2025: 9,
}


def _locations(home):
    district_names, commune_names = PLACES[home]
    districts = {}
    for name_vi, name_en in district_names:
        district, _ = Location.objects.update_or_create(
            level=Location.Level.DISTRICT,
            name_vi=name_vi,
            defaults={"name_en": name_en, "name": name_vi, "abolished": True},
        )
        districts[name_vi] = district
    communes = []
    for name_vi, name_en, district in commune_names:
        commune, _ = Location.objects.update_or_create(
            level=Location.Level.COMMUNE,
            name_vi=name_vi,
            defaults={"name_en": name_en, "name": name_vi, "parent": districts[district]},
        )
        communes.append(commune)
    return list(districts.values()), communes


def _remove_other_places(home):
    """The other demo province's places, once no project uses them: the filters list every
    district of the table."""
    for slug, (district_names, commune_names) in PLACES.items():
        if slug == home:
            continue
        for level, names in (
            (Location.Level.COMMUNE, [c[0] for c in commune_names]),
            (Location.Level.DISTRICT, [d[0] for d in district_names]),
        ):
            Location.objects.filter(level=level, name_vi__in=names).filter(
                district_projects__isnull=True,
                commune_projects__isnull=True,
                communes__isnull=True,
            ).delete()


def _donors():
    donors = []
    for slug, name_vi, name_en, acronym, country, kind, currency in DONORS:
        donor, _ = Donor.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name_vi,
                "name_vi": name_vi,
                "name_en": name_en,
                "acronym": acronym,
                "country": country,
                "organisation_type": kind,
                "website": f"https://{slug}.example.org",
                "contact_name": "Contact person (sample)",
                "contact_email": f"vietnam@{slug}.example.org",
                "contact_phone": "+84 204 3 000 000",
            },
        )
        donor.demo_currency = currency
        donors.append(donor)
    return donors


def _rate_file():
    path = FIXTURES / "exchange_rates_sample.csv"
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


def _usd_rate(year):
    return {
        2017: 22700,
        2018: 22900,
        2019: 23200,
        2020: 23200,
        2021: 23100,
        2022: 23600,
        2023: 23800,
        2024: 24800,
        2025: 25900,
    }[year]


def _in_currency(usd, currency, year):
    """A round amount in `currency` worth about `usd` (demo only; real rates come from staff)."""
    per_unit = {
        "USD": 1,
        "EUR": Decimal("1.1"),
        "AUD": Decimal("0.7"),
        "JPY": Decimal("0.0085"),
        "KRW": Decimal("0.00085"),
    }
    if currency == "VND":
        return (Decimal(usd) * _usd_rate(year)).quantize(Decimal("1E6"))
    return (Decimal(usd) / per_unit[currency]).quantize(Decimal("100"))


def _home():
    """The home union unions/demo.py chose (Bắc Giang when run alone)."""
    union = SiteSettings.current().home_union
    slug = union.slug if union is not None and union.slug in PLACES else "bac-giang"
    province_vi = union.province_vi if union is not None and union.slug == slug else "Bắc Giang"
    province_en = union.province_en if union is not None and union.slug == slug else "Bắc Giang"
    return slug, province_vi, province_en


def load(stdout):
    home, province_vi, province_en = _home()
    body_vi = f"Liên hiệp các tổ chức hữu nghị tỉnh {province_vi}"
    body_en = f"{province_en} Union of Friendship Organizations"
    load_dac_sectors(Sector)
    import_file("rates", _rate_file())
    districts, communes = _locations(home)
    donors = _donors()
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    rng = random.Random(2020)
    references = []
    sequence = 0
    for year, count in NEW_PER_YEAR.items():
        usd_values = [Decimal(rng.randrange(40, 260) * 1000) for _ in range(count)]
        for index in range(count):
            sequence += 1
            reference = f"DEMO-{year}-{index + 1:02d}"
            references.append(reference)
            donor = donors[rng.randrange(len(donors))]
            currency = donor.demo_currency
            emergency = (year == 2021 and index < 3) or (year in (2018, 2024) and index == 0)
            if emergency:
                theme = EMERGENCY_THEMES[0 if year == 2021 else 1]
                kind = ProjectKind.EMERGENCY
            else:
                theme = THEMES[rng.randrange(len(THEMES))]
                kind = [
                    ProjectKind.PROJECT,
                    ProjectKind.PROJECT,
                    ProjectKind.NON_PROJECT,
                    ProjectKind.PROGRAMME,
                ][rng.randrange(4)]
            shares, title_vi, title_en, who_vi, who_en = theme
            place = districts[rng.randrange(len(districts))]
            if year >= 2025:
                status = ActivityStatus.PIPELINE if index < 3 else ActivityStatus.IMPLEMENTATION
            elif year >= 2023:
                status = ActivityStatus.IMPLEMENTATION
            elif year >= 2021:
                status = ActivityStatus.FINALISATION if index % 3 == 0 else ActivityStatus.CLOSED
            else:
                status = ActivityStatus.CLOSED
            if year == 2019 and index == 9:
                status = ActivityStatus.CANCELLED
            start = datetime.date(year, 1 + index % 12, 10)
            project, _ = AidProject.objects.update_or_create(
                reference=reference,
                defaults={
                    "title": f"{title_vi} – {place.name_vi} (mẫu)",
                    "title_vi": f"{title_vi} – {place.name_vi} (mẫu)",
                    "title_en": f"{title_en} – {place.name_en} (sample)",
                    "description_vi": f"Dữ liệu mẫu để minh họa cổng thông tin. {title_vi} tại {place.name_vi}, do {donor.name_vi} tài trợ.",
                    "description_en": f"Sample data to demonstrate the portal. {title_en} in {place.name_en}, funded by {donor.name_en}.",
                    "kind": kind,
                    "status": status,
                    "year": year,
                    "coordinating_body_vi": body_vi,
                    "coordinating_body_en": body_en,
                    "decision_number": f"{100 + sequence}/QĐ-UBND (mẫu)",
                    "decision_date": start - datetime.timedelta(days=20),
                    "decision_issuer_vi": f"Ủy ban nhân dân tỉnh {province_vi}",
                    "decision_issuer_en": f"{province_en} Provincial People's Committee",
                    "planned_start": start,
                    "planned_end": start + datetime.timedelta(days=365 + 180 * (index % 3)),
                    "actual_start": start if status != ActivityStatus.PIPELINE else None,
                    "actual_end": start + datetime.timedelta(days=400)
                    if status == ActivityStatus.CLOSED
                    else None,
                    "beneficiaries_count": 100 + rng.randrange(50) * 40,
                    "beneficiaries_vi": who_vi,
                    "beneficiaries_en": who_en,
                    "is_published": not (year == 2025 and index == 0),
                    "is_sample": True,
                },
            )
            project.sector_shares.all().delete()
            for code, percentage in shares.items():
                ProjectSector.objects.create(
                    project=project, sector=sectors[code], percentage=percentage
                )
            project.districts.set(
                [place] + ([districts[(sequence + 3) % len(districts)]] if index % 5 == 4 else [])
            )
            project.communes.set([c for c in communes if c.parent_id == place.pk][:1])
            Participant.objects.filter(project=project).delete()
            Participant.objects.create(project=project, donor=donor, role=OrganisationRole.FUNDING)
            Participant.objects.create(
                project=project, donor=donor, role=OrganisationRole.IMPLEMENTING
            )
            project.transactions.all().delete()
            committed = _in_currency(usd_values[index], currency, year)
            Transaction.objects.create(
                project=project,
                transaction_type=T.COMMITMENT,
                donor=donor,
                date=start,
                value_date=start,
                amount=committed,
                currency=currency,
            )
            if status in (ActivityStatus.PIPELINE, ActivityStatus.CANCELLED):
                continue
            parts = 2 if status == ActivityStatus.IMPLEMENTATION else 3
            disbursed_share = (
                Decimal(rng.randrange(85, 101)) / 100
                if status == ActivityStatus.CLOSED
                else Decimal(rng.randrange(30, 70)) / 100
            )
            for part in range(parts):
                when = start + datetime.timedelta(days=30 + 150 * part)
                if when > datetime.date(2025, 11, 1):
                    break
                amount = (committed * disbursed_share / parts).quantize(
                    Decimal("1") if currency in ("VND", "JPY", "KRW") else Decimal("0.01")
                )
                Transaction.objects.create(
                    project=project,
                    transaction_type=T.DISBURSEMENT,
                    donor=donor,
                    date=when,
                    value_date=when,
                    amount=amount,
                    currency=currency,
                )
                Transaction.objects.create(
                    project=project,
                    transaction_type=T.EXPENDITURE,
                    donor=donor,
                    date=when + datetime.timedelta(days=20),
                    value_date=when + datetime.timedelta(days=20),
                    amount=(amount * Decimal("0.9")).quantize(Decimal("0.01")),
                    currency=currency,
                )
    _special_projects(districts, sectors)
    AidProject.objects.filter(reference__startswith="DEMO-").exclude(
        reference__in=[*references, *SPECIAL]
    ).delete()
    # Donors of earlier demos (a Hải Phòng story's Korean businesses) and the other province.
    Donor.objects.filter(slug__startswith="sample-").exclude(
        slug__in=[d.slug for d in donors] + ["sample-alpine-solidarity"]
    ).filter(participant__isnull=True, transactions__isnull=True).delete()
    _remove_other_places(home)
    stdout.write(
        f"aid: {len(references) + len(SPECIAL)} sample projects in {province_vi}, "
        f"{len(donors) + 1} sample donors"
    )


SPECIAL = ["DEMO-2025-CH"]


def _special_projects(districts, sectors):
    # A gift in Swiss francs with no CHF exchange rate recorded: the dashboard lists it
    # among the transactions it could not convert, rather than guessing a rate.
    swiss, _ = Donor.objects.update_or_create(
        slug="sample-alpine-solidarity",
        defaults={
            "name": "Đoàn kết Alpine (mẫu)",
            "name_vi": "Đoàn kết Alpine (mẫu)",
            "name_en": "Alpine Solidarity (sample)",
            "acronym": "ALS-S",
            "country": "CH",
            "organisation_type": OrganisationType.INTERNATIONAL_NGO,
        },
    )
    project, _ = AidProject.objects.update_or_create(
        reference="DEMO-2025-CH",
        defaults={
            "title": "Tủ sách cho trường học (mẫu)",
            "title_vi": "Tủ sách cho trường học (mẫu)",
            "title_en": "Bookshelves for schools (sample)",
            "description_vi": "Dữ liệu mẫu: khoản tài trợ bằng franc Thụy Sĩ, chưa có tỷ giá.",
            "description_en": "Sample data: a grant in Swiss francs with no exchange rate yet.",
            "kind": ProjectKind.NON_PROJECT,
            "status": ActivityStatus.IMPLEMENTATION,
            "year": 2025,
            "planned_start": datetime.date(2025, 3, 1),
            "beneficiaries_count": 600,
            "beneficiaries_vi": "học sinh",
            "beneficiaries_en": "pupils",
            "is_sample": True,
        },
    )
    project.sector_shares.all().delete()
    ProjectSector.objects.create(project=project, sector=sectors["11120"], percentage=100)
    project.districts.set([districts[min(6, len(districts) - 1)]])
    Participant.objects.get_or_create(project=project, donor=swiss, role=OrganisationRole.FUNDING)
    project.transactions.all().delete()
    Transaction.objects.create(
        project=project,
        transaction_type=T.COMMITMENT,
        donor=swiss,
        date=datetime.date(2025, 3, 1),
        value_date=datetime.date(2025, 3, 1),
        amount=Decimal("25000"),
        currency="CHF",
    )
