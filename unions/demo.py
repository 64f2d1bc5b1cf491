"""Demo data of the union network, after the seeds in ../shared/seeds.

Two unions can be the portal's home union: Bắc Giang (seed 000, the default) and Tây Ninh
(seed 003); `load(stdout, home="tay-ninh")` or `manage.py load_demo --union tay-ninh` chooses.
Both profiles are written on every run, so each union's page tells its own seed whichever is
home, and running with the other home switches back. Each profile holds only what its seed
says: no invented contact details, founding dates or milestones.

Province mergers follow the National Assembly's Resolution 202/2025/QH15 on the
arrangement of provincial-level units (in force 1 July 2025); the unions of the
merged provinces merged with them and are dated 1 July 2025 here.

The home union Bắc Giang is deliberately NOT marked as merged, although under that
resolution Bắc Giang province became part of Bắc Ninh: the demo portal speaks for
the Bắc Giang union as the seeds describe it (2023 congress, 2020 figures), and a
merged home union would turn the demo's own pages into an archive. Bắc Ninh is
listed among the other unions; the merge rules are shown with the Cluster 5 unions.
"""

import datetime

from .models import Cluster, ClusterLeadership, Milestone, SiteSettings, Union

MERGER_DATE = datetime.date(2025, 7, 1)

# slug: (province vi, province en, city?, cluster number or None, successor slug or None)
OTHER_UNIONS = {
    # Cluster No. 5: the ten unions the 2022 cluster conference in Đồng Tháp names.
    "an-giang": ("An Giang", "An Giang", False, 5, None),
    "bac-lieu": ("Bạc Liêu", "Bạc Liêu", False, 5, "ca-mau"),
    "ca-mau": ("Cà Mau", "Cà Mau", False, 5, None),
    "dong-thap": ("Đồng Tháp", "Đồng Tháp", False, 5, None),
    "hau-giang": ("Hậu Giang", "Hậu Giang", False, 5, "can-tho"),
    "kien-giang": ("Kiên Giang", "Kiên Giang", False, 5, "an-giang"),
    "soc-trang": ("Sóc Trăng", "Sóc Trăng", False, 5, "can-tho"),
    "tra-vinh": ("Trà Vinh", "Trà Vinh", False, 5, "vinh-long"),
    "vinh-long": ("Vĩnh Long", "Vĩnh Long", False, 5, None),
    "can-tho": ("Cần Thơ", "Cần Thơ", True, 5, None),
    # Named in the seeds, cluster not stated there.
    "hai-phong": ("Hải Phòng", "Hải Phòng", True, None, None),
    "tuyen-quang": ("Tuyên Quang", "Tuyên Quang", False, None, None),
    "bac-ninh": ("Bắc Ninh", "Bắc Ninh", False, None, None),
    # Their 2025 merger partners (Resolution 202/2025/QH15).
    "hai-duong": ("Hải Dương", "Hải Dương", False, None, "hai-phong"),
    "ha-giang": ("Hà Giang", "Hà Giang", False, None, "tuyen-quang"),
    "long-an": ("Long An", "Long An", False, None, "tay-ninh"),
    "tien-giang": ("Tiền Giang", "Tiền Giang", False, None, "dong-thap"),
    "ben-tre": ("Bến Tre", "Bến Tre", False, None, "vinh-long"),
}

# Details the seeds give for some of them.
EXTRA = {
    "hai-phong": {
        "address_vi": "Số 15 Trần Quang Khải, Hồng Bàng, Hải Phòng",
        "address_en": "15 Trần Quang Khải Street, Hồng Bàng, Hải Phòng",
        "website": "https://huunghi.haiphong.gov.vn",
    },
}

# No seed gives a union's functions: this text sums up what VUFO's charter gives every provincial
# union, and says on the page that it is sample content, not the union's own wording.
FUNCTIONS_VI = (
    "<p><em>Nội dung mẫu (không phải văn bản của Liên hiệp), tóm tắt theo Điều lệ Liên hiệp "
    "các tổ chức hữu nghị Việt Nam.</em></p>"
    "<ul><li>Tập hợp, đoàn kết các tổ chức hữu nghị và hội viên trong tỉnh; là lực lượng nòng cốt "
    "trong công tác đối ngoại nhân dân của tỉnh.</li>"
    "<li>Tham mưu cho Tỉnh ủy, Ủy ban nhân dân tỉnh về công tác đối ngoại nhân dân.</li>"
    "<li>Phát triển quan hệ hữu nghị, hợp tác với nhân dân các nước; vận động viện trợ phi chính "
    "phủ nước ngoài.</li>"
    "<li>Thông tin, tuyên truyền đối ngoại; phối hợp với các sở, ngành trong các hoạt động "
    "giao lưu nhân dân.</li></ul>"
)
FUNCTIONS_EN = (
    "<p><em>Sample content (not the union's own wording), summarised from the charter of the "
    "Vietnam Union of Friendship Organizations.</em></p>"
    "<ul><li>Bringing together the friendship organisations and members of the province; the "
    "core of the province's people-to-people diplomacy.</li>"
    "<li>Advising the Provincial Party Committee and People's Committee on people-to-people "
    "diplomacy.</li>"
    "<li>Developing friendship and cooperation with the peoples of other countries; aid "
    "mobilisation of foreign non-governmental aid.</li>"
    "<li>External information; working with the provincial departments on people-to-people "
    "exchanges.</li></ul>"
)

BAC_GIANG_DESCRIPTION_VI = """<p>Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang là tổ chức chính trị – xã hội, được thành lập theo Quyết định số 121/QĐ-UBND ngày 12/10/1998 của Chủ tịch UBND tỉnh.</p>
<p>Khi mới thành lập, Liên hiệp có 03 Hội Hữu nghị thành viên (Việt – Nga, Việt – Đức, Việt – Trung), 20 chi hội thành viên với 318 hội viên. Đến nay, Liên hiệp có 08 Hội Hữu nghị song phương thành viên, 73 hội, chi hội thành viên cấp huyện, xã với hơn 6.000 hội viên tham gia sinh hoạt, hoạt động ở tất cả 10 huyện, thành phố.</p>"""

BAC_GIANG_DESCRIPTION_EN = """<p>The Bắc Giang Union of Friendship Organizations is a socio-political organisation founded by Decision No. 121/QĐ-UBND of 12 October 1998 of the Chairman of the Provincial People's Committee.</p>
<p>At its founding the union had 3 member friendship associations (Vietnam–Russia, Vietnam–Germany, Vietnam–China), 20 chapters and 318 members. Today it has 8 bilateral friendship associations and 73 district and commune chapters with more than 6,000 members, active in all 10 districts and the city.</p>"""

# Seed 003: Tây Ninh's first term (2017–2022) and its 2nd congress (18 August 2022).
TAY_NINH_DESCRIPTION_VI = """<p>Liên hiệp các tổ chức hữu nghị tỉnh Tây Ninh (Liên hiệp Tây Ninh) là cơ quan chuyên trách, nòng cốt về đối ngoại nhân dân tại tỉnh.</p>
<p>Trong nhiệm kỳ đầu tiên (2017–2022), Liên hiệp đã phối hợp với các cơ quan trong tỉnh vận động các tổ chức phi chính phủ nước ngoài hỗ trợ các chương trình, dự án nhân đạo và phát triển trên địa bàn tỉnh với giá trị giải ngân 105 tỷ đồng, trung bình mỗi năm vận động thu hút 20 tỷ đồng.</p>
<p>Ngày 18/8/2022, Đại hội đại biểu lần thứ II, nhiệm kỳ 2022–2027, đã bầu 21 ủy viên Ban Chấp hành, 3 thành viên Ủy ban Kiểm tra và 5 thành viên Ban Thường vụ. Ông Võ Đức Trong, Phó Chủ tịch thường trực UBND tỉnh, được bầu làm Chủ tịch Liên hiệp.</p>"""

TAY_NINH_DESCRIPTION_EN = """<p>The Tây Ninh Union of Friendship Organizations (the Tây Ninh union) is the province's dedicated, core body for people-to-people diplomacy.</p>
<p>In its first term (2017–2022) the union worked with the provincial agencies to mobilise foreign non-governmental organisations to support humanitarian and development programmes and projects in the province, with VND 105 billion disbursed, an average of VND 20 billion mobilised each year.</p>
<p>On 18 August 2022 its 2nd Congress of Delegates, for the 2022–2027 term, elected a 21-member Executive Committee, a 3-member Inspection Committee and a 5-member Standing Committee. Mr Võ Đức Trong, Standing Vice Chairman of the Provincial People's Committee, was elected President of the union.</p>"""

# The unions that can be the home union: slug -> profile, with only what its seed says.
HOMES = {
    "bac-giang": {
        "cluster": None,
        "fields": {
            "name_vi": "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang",
            "name_en": "Bắc Giang Union of Friendship Organizations",
            "short_name_vi": "Liên hiệp Hữu nghị tỉnh Bắc Giang",
            "short_name_en": "Bắc Giang Friendship Union",
            "province_vi": "Bắc Giang",
            "province_en": "Bắc Giang",
            "motto_vi": "Chủ động, linh hoạt, sáng tạo, hiệu quả",
            "motto_en": "Proactive, flexible, creative, effective",
            "founded_on": datetime.date(1998, 10, 12),
            "founding_decision_number": "121/QĐ-UBND",
            "founding_decision_date": datetime.date(1998, 10, 12),
            "founding_decision_issuer_vi": "Chủ tịch UBND tỉnh",
            "founding_decision_issuer_en": "Chairman of the Provincial People's Committee",
            "description_vi": BAC_GIANG_DESCRIPTION_VI,
            "description_en": BAC_GIANG_DESCRIPTION_EN,
            "functions_vi": FUNCTIONS_VI,
            "functions_en": FUNCTIONS_EN,
        },
        # (date, title vi, title en, text vi, text en); only events the seed dates to the day.
        "milestones": [
            (
                datetime.date(2023, 8, 8),
                "Đại hội đại biểu lần thứ V, nhiệm kỳ 2023–2028",
                "5th Congress of Delegates, term 2023–2028",
                "Ông Trần Công Thắng tiếp tục được bầu giữ chức Chủ tịch. VUFO trao tặng Cờ lưu niệm “Chủ động, linh hoạt, sáng tạo, hiệu quả”.",
                "Trần Công Thắng was re-elected President. VUFO presented a souvenir banner “Proactive, flexible, creative, effective”.",
            ),
        ],
    },
    "tay-ninh": {
        # "8 Liên hiệp ... trong cụm hoạt động số 4" attended: the seeds name no other member.
        "cluster": 4,
        "fields": {
            "name_vi": "Liên hiệp các tổ chức hữu nghị tỉnh Tây Ninh",
            "name_en": "Tây Ninh Union of Friendship Organizations",
            "short_name_vi": "Liên hiệp Hữu nghị tỉnh Tây Ninh",
            "short_name_en": "Tây Ninh Friendship Union",
            "province_vi": "Tây Ninh",
            "province_en": "Tây Ninh",
            # The seed: the union follows the motto "chủ động, linh hoạt, sáng tạo, hiệu quả".
            "motto_vi": "Chủ động, linh hoạt, sáng tạo, hiệu quả",
            "motto_en": "Proactive, flexible, creative, effective",
            # Its first term began in 2017; the seed gives no founding date or decision.
            "founded_on": None,
            "founding_decision_number": "",
            "founding_decision_date": None,
            "founding_decision_issuer_vi": "",
            "founding_decision_issuer_en": "",
            "description_vi": TAY_NINH_DESCRIPTION_VI,
            "description_en": TAY_NINH_DESCRIPTION_EN,
            "functions_vi": FUNCTIONS_VI,
            "functions_en": FUNCTIONS_EN,
        },
        "milestones": [
            (
                datetime.date(2022, 8, 18),
                "Đại hội đại biểu lần thứ II, nhiệm kỳ 2022–2027",
                "2nd Congress of Delegates, term 2022–2027",
                "Ông Võ Đức Trong được bầu làm Chủ tịch. Nhiệm kỳ đầu tiên (2017–2022), Liên hiệp đã vận động được 105 tỷ đồng viện trợ phi chính phủ nước ngoài.",
                "Võ Đức Trong was elected President. In its first term (2017–2022) the union mobilised VND 105 billion of foreign non-governmental aid.",
            ),
        ],
    },
}
DEFAULT_HOME = "bac-giang"
# No seed gives a home union's address, phone, fax, e-mail or website: none is invented.
NO_CONTACTS = {
    "address_vi": "",
    "address_en": "",
    "phone": "",
    "fax": "",
    "email": "",
    "website": "",
}


def home_slug():
    """The home union load() chose, for the demos loaded after it (Bắc Giang when the site has
    none, or one no demo profile is written for)."""
    union = SiteSettings.current().home_union
    return union.slug if union is not None and union.slug in HOMES else DEFAULT_HOME


def _union_names(province_vi, province_en, city):
    level_vi = "thành phố" if city else "tỉnh"
    return {
        "name_vi": f"Liên hiệp các tổ chức hữu nghị {level_vi} {province_vi}",
        "name_en": f"{province_en} {'City ' if city else ''}Union of Friendship Organizations",
        "short_name_vi": f"Liên hiệp Hữu nghị {level_vi} {province_vi}",
        "short_name_en": f"{province_en} Friendship Union",
        "province_vi": f"{'TP. ' if city else ''}{province_vi}",
        "province_en": f"{province_en}{' City' if city else ''}",
    }


def _home_profile(slug, vufo, clusters):
    profile = HOMES[slug]
    union, _ = Union.objects.update_or_create(
        slug=slug,
        defaults={
            "kind": Union.Kind.PROVINCIAL,
            "parent": vufo,
            "cluster": clusters.get(profile["cluster"]),
            "merged_into": None,
            "merged_on": None,
            **profile["fields"],
            **NO_CONTACTS,
        },
    )
    dates = []
    for date, title_vi, title_en, text_vi, text_en in profile["milestones"]:
        Milestone.objects.update_or_create(
            union=union,
            date=date,
            defaults={
                "title_vi": title_vi,
                "title_en": title_en,
                "text_vi": text_vi,
                "text_en": text_en,
            },
        )
        dates.append(date)
    # Earlier demos dated events the seed gives only a year for: they go.
    union.milestones.exclude(date__in=dates).delete()
    return union


def add_arguments(parser):
    """`manage.py load_demo --union tay-ninh`: the home union, passed to load() as `home`."""
    parser.add_argument(
        "--union",
        dest="home",
        choices=list(HOMES),
        default=DEFAULT_HOME,
        help=f"The home union of the demo portal (default: {DEFAULT_HOME}).",
    )


def load(stdout, home=DEFAULT_HOME):
    if home not in HOMES:
        raise ValueError(f"No demo for the home union {home!r}: choose one of {', '.join(HOMES)}.")
    vufo, _ = Union.objects.update_or_create(
        slug="vufo",
        defaults={
            "kind": Union.Kind.NATIONAL,
            "name_vi": "Liên hiệp các tổ chức hữu nghị Việt Nam",
            "name_en": "Vietnam Union of Friendship Organizations",
            "short_name_vi": "VUFO",
            "short_name_en": "VUFO",
            "website": "https://vufo.org.vn",
        },
    )
    clusters = {}
    for number, note_vi, note_en in [
        (
            4,
            "Dữ liệu mẫu chỉ ghi các liên hiệp có trong bài viết nguồn.",
            "The demo lists only the unions named in the source articles.",
        ),
        (5, "", ""),
    ]:
        clusters[number], _ = Cluster.objects.update_or_create(
            number=number, defaults={"note_vi": note_vi, "note_en": note_en}
        )
    homes = {slug: _home_profile(slug, vufo, clusters) for slug in HOMES}

    # Successors first, so that predecessors can point at them.
    ordered = sorted(OTHER_UNIONS.items(), key=lambda item: item[1][4] is not None)
    unions = dict(homes)
    for slug, (province_vi, province_en, city, cluster, successor) in ordered:
        defaults = {
            "kind": Union.Kind.PROVINCIAL,
            "parent": vufo,
            "cluster": clusters.get(cluster),
            "merged_into": unions[successor] if successor else None,
            "merged_on": MERGER_DATE if successor else None,
            **_union_names(province_vi, province_en, city),
            **EXTRA.get(slug, {}),
        }
        unions[slug], _ = Union.objects.update_or_create(slug=slug, defaults=defaults)
    # "Bà Lê Thị Thanh Giang, Chủ tịch Liên hiệp ... TP. Cần Thơ – Cụm trưởng cụm 5" (2022).
    ClusterLeadership.objects.update_or_create(
        cluster=clusters[5], year=2022, defaults={"union": unions["can-tho"]}
    )

    site, _created = SiteSettings.objects.get_or_create(pk=1)
    site.home_union = homes[home]
    # No seed names an editor-in-chief of either union.
    site.editor_in_chief = ""
    site.licence_vi = "Trang thông tin điện tử minh họa – dữ liệu mẫu"
    site.licence_en = "Demo information portal – sample data"
    site.is_demo = True
    site.save()
    merged = sum(1 for item in OTHER_UNIONS.values() if item[4])
    stdout.write(
        f"unions: VUFO, the home union {homes[home].province_vi}, "
        f"{len(HOMES) + len(OTHER_UNIONS) - 1} other unions "
        f"({merged} merged on {MERGER_DATE:%d/%m/%Y})"
    )
