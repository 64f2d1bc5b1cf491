"""Demo data of the union network, after the seeds in ../shared/seeds.

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
    # Cluster No. 4 ("cụm hoạt động số 4"): the seeds name Tây Ninh only.
    "tay-ninh": ("Tây Ninh", "Tây Ninh", False, 4, None),
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

BAC_GIANG_DESCRIPTION_VI = """<p>Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang là tổ chức chính trị – xã hội, được thành lập theo Quyết định số 121/QĐ-UBND ngày 12/10/1998 của Chủ tịch UBND tỉnh.</p>
<p>Khi mới thành lập, Liên hiệp có 03 Hội Hữu nghị thành viên (Việt – Nga, Việt – Đức, Việt – Trung), 20 chi hội thành viên với 318 hội viên. Đến nay, Liên hiệp có 08 Hội Hữu nghị song phương thành viên, 73 hội, chi hội thành viên cấp huyện, xã với hơn 6.000 hội viên tham gia sinh hoạt, hoạt động ở tất cả 10 huyện, thành phố.</p>"""

BAC_GIANG_DESCRIPTION_EN = """<p>The Bắc Giang Union of Friendship Organizations is a socio-political organisation founded by Decision No. 121/QĐ-UBND of 12 October 1998 of the Chairman of the Provincial People's Committee.</p>
<p>At its founding the union had 3 member friendship associations (Vietnam–Russia, Vietnam–Germany, Vietnam–China), 20 chapters and 318 members. Today it has 8 bilateral friendship associations and 73 district and commune chapters with more than 6,000 members, active in all 10 districts and the city.</p>"""

MILESTONES = [
    (
        datetime.date(2020, 10, 12),
        "22 năm hoạt động: 08 hội hữu nghị song phương",
        "22 years: 8 bilateral friendship associations",
        "73 hội, chi hội cấp huyện, xã với hơn 6.000 hội viên ở tất cả 10 huyện, thành phố.",
        "73 district and commune chapters with more than 6,000 members in all 10 districts and the city.",
    ),
    (
        datetime.date(2021, 5, 15),
        "Vận động nguồn lực phòng, chống dịch Covid-19",
        "Mobilising support against Covid-19",
        "Khi dịch bùng phát tại Bắc Giang, Liên hiệp phát huy vai trò cầu nối, vận động các nguồn lực cùng cấp ủy, chính quyền phòng, chống dịch.",
        "When Covid-19 broke out in Bắc Giang, the union acted as a bridge and mobilised resources with the provincial authorities.",
    ),
    (
        datetime.date(2023, 8, 8),
        "Đại hội đại biểu lần thứ V, nhiệm kỳ 2023–2028",
        "5th Congress of Delegates, term 2023–2028",
        "Ông Trần Công Thắng tiếp tục được bầu giữ chức Chủ tịch. VUFO trao tặng Cờ lưu niệm “Chủ động, linh hoạt, sáng tạo, hiệu quả”.",
        "Trần Công Thắng was re-elected President. VUFO presented a souvenir banner “Proactive, flexible, creative, effective”.",
    ),
]


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


def load(stdout):
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
    home, _ = Union.objects.update_or_create(
        slug="bac-giang",
        defaults={
            "kind": Union.Kind.PROVINCIAL,
            "parent": vufo,
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
            # Contact details are placeholders for the demo, not the union's real ones.
            "address_vi": "Số 1 đường Hùng Vương, phường Hoàng Văn Thụ, Bắc Giang (địa chỉ minh họa)",
            "address_en": "1 Hùng Vương Street, Hoàng Văn Thụ Ward, Bắc Giang (demo address)",
            "phone": "0204 3 555 010",
            "fax": "0204 3 555 011",
            "email": "lienhiephuunghi@bacgiang.example",
            "website": "https://huunghi.bacgiang.example",
        },
    )
    for date, title_vi, title_en, text_vi, text_en in MILESTONES:
        Milestone.objects.update_or_create(
            union=home,
            date=date,
            defaults={
                "title_vi": title_vi,
                "title_en": title_en,
                "text_vi": text_vi,
                "text_en": text_en,
            },
        )

    # Successors first, so that predecessors can point at them.
    ordered = sorted(OTHER_UNIONS.items(), key=lambda item: item[1][4] is not None)
    unions = {}
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

    site = SiteSettings.current()
    site.home_union = home
    site.editor_in_chief = "Trần Công Thắng"
    site.licence_vi = "Trang thông tin điện tử minh họa – dữ liệu mẫu"
    site.licence_en = "Demo information portal – sample data"
    site.save()
    merged = sum(1 for item in OTHER_UNIONS.values() if item[4])
    stdout.write(
        f"unions: VUFO, the home union Bắc Giang and {len(OTHER_UNIONS)} other unions "
        f"({merged} merged on {MERGER_DATE:%d/%m/%Y})"
    )
