"""Demo member organisations of Bắc Giang (seed 000_*.txt) and of Tây Ninh (seed 003).

The Bắc Giang seed names its eight associations and gives the union's totals at founding
(1998: 3 associations, 20 chapters, 318 members) and after 22 years (8 associations, 73
district and commune chapters, more than 6,000 members). Everything finer is SAMPLE data and
marked so: the chapters (named “(mẫu)” / “(sample)”), every yearly count (`is_sample`: the
pages mark them), the years between and after. The counts are chosen so that the seed's
totals come out of them for 1998 and 2020; the union's description states the real totals.
The seed gives no association's founding date: none is set.

The Tây Ninh seed names no member association: its two are SAMPLE, named so, with no counts.
"""

import datetime

from django.utils import timezone

from unions.models import Union

from .models import Association, Branch, Member, MembershipApplication, MembershipCount

YEARS = [1998, 2003, 2008, 2013, 2018, 2020, 2023]
# Total members in each year (the seed: 318 in 1998, "hơn 6.000" after 22 years); SAMPLE.
MEMBERS = {1998: 318, 2003: 1150, 2008: 2240, 2013: 3580, 2018: 5120, 2020: 6034, 2023: 6152}
SAMPLE_VI, SAMPLE_EN = "(mẫu)", "(sample)"

# slug, name vi, name en, countries, chapters per year (YEARS order; SAMPLE, adding up to the
# seed's totals: 20 in 1998, 73 in 2020)
ASSOCIATIONS = [
    (
        "viet-nga",
        "Việt – Nga",
        "Vietnam–Russia",
        "RU",
        [8, 10, 11, 12, 13, 14, 14],
    ),
    (
        "viet-duc",
        "Việt – Đức",
        "Vietnam–Germany",
        "DE",
        [5, 7, 8, 9, 10, 10, 10],
    ),
    (
        "viet-trung",
        "Việt – Trung",
        "Vietnam–China",
        "CN",
        [7, 10, 11, 12, 13, 14, 14],
    ),
    (
        "viet-lao",
        "Việt – Lào",
        "Vietnam–Laos",
        "LA",
        [0, 5, 6, 7, 8, 9, 9],
    ),
    (
        "viet-campuchia",
        "Việt – Campuchia",
        "Vietnam–Cambodia",
        "KH",
        [0, 0, 4, 5, 6, 7, 7],
    ),
    (
        "viet-sec-slovakia",
        "Việt – Séc – Slovakia",
        "Vietnam–Czechia–Slovakia",
        "CZ, SK",
        [0, 0, 4, 5, 5, 6, 6],
    ),
    (
        "viet-han",
        "Việt – Hàn",
        "Vietnam–Korea",
        "KR",
        [0, 0, 0, 6, 7, 7, 7],
    ),
    (
        "viet-nam-italia",
        "Việt Nam – Italia",
        "Vietnam–Italy",
        "IT",
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
    for slug, short_vi, short_en, countries, per_year in ASSOCIATIONS:
        association, _ = Association.objects.update_or_create(
            slug=slug,
            defaults={
                "union": union,
                "name_vi": f"Hội Hữu nghị {short_vi} tỉnh Bắc Giang",
                "name_en": f"Bắc Giang {short_en} Friendship Association",
                "countries": countries,
                "founded_on": None,
                "status": Association.Status.ACTIVE,
                "description_vi": f"<p>Hội Hữu nghị {short_vi} tỉnh Bắc Giang là hội hữu nghị song phương thành viên của Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang.</p>",
                "description_en": f"<p>The Bắc Giang {short_en} Friendship Association is a bilateral friendship association and member of the Bắc Giang Union of Friendship Organizations.</p>",
            },
        )
        associations[slug] = association
        places = [(Branch.Level.DISTRICT, vi, en) for vi, en in DISTRICTS] + OTHERS
        branches[slug] = []
        for level, place_vi, place_en in places[: max(per_year)]:
            # Earlier demos named the chapters without their sample mark.
            name_vi = f"Chi hội {short_vi} {place_vi}"
            branch = Branch.objects.filter(
                association=association, name_vi__in=[name_vi, f"{name_vi} {SAMPLE_VI}"]
            ).first() or Branch(association=association)
            branch.union = union
            branch.name_vi = f"{name_vi} {SAMPLE_VI}"
            branch.name_en = f"{short_en} chapter, {place_en} {SAMPLE_EN}"
            branch.level = level
            branch.locality_vi = place_vi
            branch.locality_en = place_en
            branch.save()
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
                year=year, branch=branch, defaults={"members": members, "is_sample": True}
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
    tay_ninh = _tay_ninh_samples()
    stdout.write(
        f"members: {len(associations)} associations of Bắc Giang and {tay_ninh} sample "
        "associations of Tây Ninh, "
        f"{sum(len(b) for b in branches.values())} chapters, {counts} yearly counts, "
        f"{len(DEMO_MEMBERS)} sample members, at {timezone.localdate():%Y}"
    )


# Tây Ninh: the seed names none of its associations; these two are samples (slug, vi, en, ISO).
TAY_NINH_SAMPLES = [
    ("tay-ninh-mau-viet-nam-campuchia", "Việt Nam – Campuchia", "Vietnam–Cambodia", "KH"),
    ("tay-ninh-mau-viet-nam-lao", "Việt Nam – Lào", "Vietnam–Laos", "LA"),
]


def _tay_ninh_samples():
    union = Union.objects.filter(slug="tay-ninh").first()
    if union is None:
        return 0
    for slug, short_vi, short_en, countries in TAY_NINH_SAMPLES:
        Association.objects.update_or_create(
            slug=slug,
            defaults={
                "union": union,
                "name_vi": f"Hội Hữu nghị {short_vi} tỉnh Tây Ninh {SAMPLE_VI}",
                "name_en": f"Tây Ninh {short_en} Friendship Association {SAMPLE_EN}",
                "countries": countries,
                "founded_on": None,
                "status": Association.Status.ACTIVE,
                "description_vi": "<p>Hội mẫu của trang minh họa: bài viết nguồn không nêu tên hội thành viên nào của Liên hiệp các tổ chức hữu nghị tỉnh Tây Ninh.</p>",
                "description_en": "<p>A sample association of the demo site: the source article names none of the member associations of the Tây Ninh Union of Friendship Organizations.</p>",
            },
        )
    return len(TAY_NINH_SAMPLES)
