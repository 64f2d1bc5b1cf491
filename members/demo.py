"""Demo member organisations of the home union Bắc Giang (seed 000_*.txt).

The seed gives the totals at founding (1998: 3 associations, 20 chapters, 318
members) and after 22 years (8 associations, 73 district and commune chapters,
more than 6,000 members). The years in between, the split between associations
and the chapter names are illustrative, chosen so that every total the seed gives
comes out of the yearly membership counts.
"""

import datetime

from django.utils import timezone

from unions.models import Union

from .models import Association, Branch, Member, MembershipApplication, MembershipCount

YEARS = [1998, 2003, 2008, 2013, 2018, 2020, 2023]
# Total members in each year (the seed: 318 in 1998, "hơn 6.000" after 22 years).
MEMBERS = {1998: 318, 2003: 1150, 2008: 2240, 2013: 3580, 2018: 5120, 2020: 6034, 2023: 6152}

# slug, name vi, name en, countries, founded, chapters per year (YEARS order)
ASSOCIATIONS = [
    (
        "viet-nga",
        "Việt – Nga",
        "Vietnam–Russia",
        "RU",
        datetime.date(1998, 10, 12),
        [8, 10, 11, 12, 13, 14, 14],
    ),
    (
        "viet-duc",
        "Việt – Đức",
        "Vietnam–Germany",
        "DE",
        datetime.date(1998, 10, 12),
        [5, 7, 8, 9, 10, 10, 10],
    ),
    (
        "viet-trung",
        "Việt – Trung",
        "Vietnam–China",
        "CN",
        datetime.date(1998, 10, 12),
        [7, 10, 11, 12, 13, 14, 14],
    ),
    (
        "viet-lao",
        "Việt – Lào",
        "Vietnam–Laos",
        "LA",
        datetime.date(2002, 7, 18),
        [0, 5, 6, 7, 8, 9, 9],
    ),
    (
        "viet-campuchia",
        "Việt – Campuchia",
        "Vietnam–Cambodia",
        "KH",
        datetime.date(2006, 6, 24),
        [0, 0, 4, 5, 6, 7, 7],
    ),
    (
        "viet-sec-slovakia",
        "Việt – Séc – Slovakia",
        "Vietnam–Czechia–Slovakia",
        "CZ, SK",
        datetime.date(2007, 9, 1),
        [0, 0, 4, 5, 5, 6, 6],
    ),
    (
        "viet-han",
        "Việt – Hàn",
        "Vietnam–Korea",
        "KR",
        datetime.date(2011, 12, 22),
        [0, 0, 0, 6, 7, 7, 7],
    ),
    (
        "viet-nam-italia",
        "Việt Nam – Italia",
        "Vietnam–Italy",
        "IT",
        datetime.date(2016, 3, 23),
        [0, 0, 0, 0, 6, 6, 6],
    ),
]

# The ten districts and the city of Bắc Giang before 2025 (vi, en); district chapters first.
DISTRICTS = [
    ("thành phố Bắc Giang", "Bắc Giang City"),
    ("huyện Lục Ngạn", "Lục Ngạn District"),
    ("huyện Lạng Giang", "Lạng Giang District"),
    ("huyện Việt Yên", "Việt Yên District"),
    ("huyện Hiệp Hòa", "Hiệp Hòa District"),
    ("huyện Tân Yên", "Tân Yên District"),
    ("huyện Yên Thế", "Yên Thế District"),
    ("huyện Lục Nam", "Lục Nam District"),
    ("huyện Sơn Động", "Sơn Động District"),
    ("huyện Yên Dũng", "Yên Dũng District"),
]
# Further chapters: (level, vi, en).
OTHERS = [
    (Branch.Level.AGENCY, "khối cơ quan tỉnh", "provincial agencies"),
    (
        Branch.Level.SCHOOL,
        "Trường Cao đẳng Kỹ thuật công nghiệp",
        "College of Industrial Technology",
    ),
    (Branch.Level.COMMUNE, "xã Phì Điền, huyện Lục Ngạn", "Phì Điền Commune, Lục Ngạn District"),
    (Branch.Level.COMMUNE, "thị trấn Kép, huyện Lạng Giang", "Kép Town, Lạng Giang District"),
]

DEMO_MEMBERS = [
    # Fictional people ("mẫu" = sample): the register shows how staff keep names.
    ("Nguyễn Thị Mẫu Lan", Member.Gender.FEMALE, 1978, "Giáo viên", "viet-nga", 0),
    ("Trần Văn Mẫu Hùng", Member.Gender.MALE, 1965, "Kỹ sư", "viet-nga", 1),
    ("Lê Thị Mẫu Hoa", Member.Gender.FEMALE, 1990, "Bác sĩ", "viet-duc", 0),
    ("Phạm Văn Mẫu Nam", Member.Gender.MALE, 1982, "Cán bộ", "viet-lao", 2),
]


def _weights(n):
    return [3 + (i * 7) % 5 for i in range(n)]


def load(stdout):
    union = Union.objects.get(slug="bac-giang")
    associations = {}
    branches = {}
    for slug, short_vi, short_en, countries, founded, per_year in ASSOCIATIONS:
        association, _ = Association.objects.update_or_create(
            slug=slug,
            defaults={
                "union": union,
                "name_vi": f"Hội Hữu nghị {short_vi} tỉnh Bắc Giang",
                "name_en": f"Bắc Giang {short_en} Friendship Association",
                "countries": countries,
                "founded_on": founded,
                "status": Association.Status.ACTIVE,
                "description_vi": f"<p>Hội Hữu nghị {short_vi} tỉnh Bắc Giang là hội hữu nghị song phương thành viên của Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang.</p>",
                "description_en": f"<p>The Bắc Giang {short_en} Friendship Association is a bilateral friendship association and member of the Bắc Giang Union of Friendship Organizations.</p>",
            },
        )
        associations[slug] = association
        places = [(Branch.Level.DISTRICT, vi, en) for vi, en in DISTRICTS] + OTHERS
        branches[slug] = []
        for level, place_vi, place_en in places[: max(per_year)]:
            branch, _ = Branch.objects.update_or_create(
                association=association,
                name_vi=f"Chi hội {short_vi} {place_vi}",
                defaults={
                    "union": union,
                    "name_en": f"{short_en} chapter, {place_en}",
                    "level": level,
                    "locality_vi": place_vi,
                    "locality_en": place_en,
                },
            )
            branches[slug].append(branch)

    counts = 0
    for index, year in enumerate(YEARS):
        active = []
        for slug, *_rest, per_year in ASSOCIATIONS:
            active.extend(branches[slug][: per_year[index]])
        weights = _weights(len(active))
        total = MEMBERS[year]
        shares = [total * w // sum(weights) for w in weights]
        shares[0] += total - sum(shares)
        for branch, members in zip(active, shares, strict=True):
            MembershipCount.objects.update_or_create(
                year=year, branch=branch, defaults={"members": members}
            )
            counts += 1

    for name, gender, birth_year, occupation, slug, branch_index in DEMO_MEMBERS:
        Member.objects.update_or_create(
            full_name=name,
            association=associations[slug],
            defaults={
                "gender": gender,
                "birth_year": birth_year,
                "occupation": occupation,
                "branch": branches[slug][branch_index],
                "joined_on": datetime.date(2019, 5, 19),
                "phone": "0900 000 000",
                "email": "hoivien.mau@example.invalid",
            },
        )
    MembershipApplication.objects.update_or_create(
        full_name="Đỗ Thị Mẫu Thu",
        association=associations["viet-han"],
        defaults={
            "email": "don.mau@example.invalid",
            "motivation": "Tôi học tiếng Hàn và muốn tham gia các hoạt động giao lưu hữu nghị.",
            "consent": True,
            "status": MembershipApplication.Status.PENDING,
        },
    )
    stdout.write(
        f"members: {len(associations)} associations, "
        f"{sum(len(b) for b in branches.values())} chapters, {counts} yearly counts, "
        f"{len(DEMO_MEMBERS)} sample members, at {timezone.localdate():%Y}"
    )
