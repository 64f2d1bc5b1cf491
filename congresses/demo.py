"""Demo congresses, after the seeds in ../shared/seeds (loaded after unions and members).

From the seeds: Bắc Giang's 5th Congress of Delegates (8–9 August 2023, term 2023–2028,
President Trần Công Thắng re-elected, VUFO's Phan Anh Sơn attending); Tây Ninh's 2nd Congress
of Delegates (18 August 2022, term 2022–2027, 21 / 5 / 3 members, President Võ Đức Trong,
VUFO Vice President Nguyễn Văn Doanh attending); Tuyên Quang's restructuring of its Executive
Committee on 13 January 2021 (President Vũ Thị Bích Việt, Standing Vice President Đỗ Minh Tân).

Everything else is SAMPLE and marked where it is shown (`is_sample`): Bắc Giang's 4th congress
(its dates and bodies are invented; Trần Công Thắng as its President follows from his
re-election in 2023), Tuyên Quang's congress, every committee size the seeds do not give
(“(sample)” beside it), and every other committee member, named “Thành viên mẫu BG-01” /
“Sample member BG-01” in the reader's language. No one gets a placeholder portrait (a
silhouette captioned with a real person's name would be an invented photo); the PDF is a
one-page sample and the congress photo is captioned as an illustration.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from unions.models import Union

from .models import Congress, CongressDocument, CongressPhoto, ElectedBody, Mandate, Person

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "congresses"
SAMPLE_NOTE = "Dữ liệu mẫu (demo): không phải người thật. Sample data: not a real person."
P = Mandate.Position
K = ElectedBody.Kind


def _union(slug, name_vi, name_en, province):
    """The union from unions/demo.py, or a minimal one if that demo does not create it (yet)."""
    union = Union.objects.filter(slug=slug).first()
    if union is None:
        union, _ = Union.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": Union.Kind.PROVINCIAL,
                "parent": Union.objects.filter(slug="vufo").first(),
                "name_vi": name_vi,
                "name_en": name_en,
                "province_vi": province,
                "province_en": province,
            },
        )
    return union


def _fixture(name):
    return ContentFile((FIXTURES / name).read_bytes(), name=name)


def _person(full_name, honorific="", titles_vi="", titles_en="", note="", slug=None, sample=False):
    person = (
        (Person.objects.filter(slug=slug).first() if slug else None)
        or Person.objects.filter(full_name=full_name).first()
        or Person(full_name=full_name, slug=slug or "")
    )
    person.full_name = full_name
    person.honorific = honorific
    person.titles_vi = titles_vi
    person.titles_en = titles_en
    person.note = note
    person.is_sample = sample
    # Earlier demos gave real people a placeholder portrait.
    person.photo = None
    person.save()
    return person


def _sample_people(code, count):
    """“BG-01” …: the pages call them “Sample member BG-01” in the reader's language; their
    slugs stay those of the earlier demos' “Thành viên mẫu BG-01”."""
    people = []
    for n in range(1, count + 1):
        label = f"{code}-{n:02d}"
        slug = f"thanh-vien-mau-{code.lower()}-{n:02d}"
        people.append(_person(label, note=SAMPLE_NOTE, slug=slug, sample=True))
    return people


def _congress(union, ordinal, **fields):
    congress, _ = Congress.objects.update_or_create(
        union=union, ordinal=ordinal, defaults={"is_published": True, "is_sample": False, **fields}
    )
    return congress


def _body(congress, kind, size, seats, start=None, sample=None):
    """seats: [(person, position, extra fields)]; the body's mandates become exactly these.
    sample: the size is invented (by default, when the whole congress is)."""
    body, _ = ElectedBody.objects.update_or_create(
        congress=congress,
        kind=kind,
        defaults={"size": size, "is_sample": congress.is_sample if sample is None else sample},
    )
    kept = []
    for order, (person, position, extra) in enumerate(seats, start=1):
        mandate, _ = Mandate.objects.update_or_create(
            body=body,
            person=person,
            defaults={
                "position": position,
                "order": order,
                "start_date": extra.get("start_date", start or congress.term_start_date),
                "end_date": extra.get("end_date"),
                "change_reason_vi": extra.get("reason_vi", ""),
                "change_reason_en": extra.get("reason_en", ""),
            },
        )
        kept.append(mandate.pk)
    body.mandates.exclude(pk__in=kept).delete()
    return body


def _seats(officers, members):
    return [(p, pos, {}) for p, pos in officers] + [(p, P.MEMBER, {}) for p in members]


def _document(congress, title_vi, title_en):
    document = CongressDocument.objects.filter(congress=congress, title_vi=title_vi).first()
    if document is None:
        document = CongressDocument(congress=congress, title_vi=title_vi)
    document.title_en = title_en
    if not document.file:
        document.file = _fixture("sample-resolution.pdf")
    document.save()


def _photo(congress, caption_vi, caption_en, credit):
    photo = CongressPhoto.objects.filter(congress=congress, caption_vi=caption_vi).first()
    if photo is None:
        photo = CongressPhoto(congress=congress, caption_vi=caption_vi)
    photo.caption_en = caption_en
    photo.credit = credit
    if not photo.image:
        photo.image = _fixture("congress-hall.jpg")
    photo.save()


def load(stdout):
    bac_giang = _union(
        "bac-giang",
        "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang",
        "Bắc Giang Union of Friendship Organizations",
        "Bắc Giang",
    )
    tay_ninh = _union(
        "tay-ninh",
        "Liên hiệp các tổ chức hữu nghị tỉnh Tây Ninh",
        "Tây Ninh Union of Friendship Organizations",
        "Tây Ninh",
    )
    tuyen_quang = _union(
        "tuyen-quang",
        "Liên hiệp các tổ chức hữu nghị tỉnh Tuyên Quang",
        "Tuyên Quang Union of Friendship Organizations",
        "Tuyên Quang",
    )

    thang = _person(
        "Trần Công Thắng",
        Person.Honorific.MR,
        "Chủ tịch Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang",
        "President of the Bắc Giang Union of Friendship Organizations",
        note="Tên và chức vụ theo bài báo (seed 000).",
    )
    bg_sample = _sample_people("BG", 30)

    # Bắc Giang, 4th congress: SAMPLE (dates and bodies invented; see the module docstring).
    bg4 = _congress(
        bac_giang,
        4,
        term_start_year=2018,
        term_end_year=2023,
        held_from=datetime.date(2018, 7, 26),
        held_to=datetime.date(2018, 7, 27),
        venue_vi="Thành phố Bắc Giang (dữ liệu mẫu)",
        venue_en="Bắc Giang City (sample data)",
        delegates_count=120,
        is_sample=True,
        note="SAMPLE: the 4th congress's dates, size and members are invented for the demo.",
    )
    _body(
        bg4,
        K.STANDING,
        5,
        _seats(
            [
                (thang, P.PRESIDENT),
                (bg_sample[0], P.STANDING_VICE_PRESIDENT),
                (bg_sample[1], P.VICE_PRESIDENT),
            ],
            bg_sample[2:4],
        ),
    )
    _body(
        bg4,
        K.EXECUTIVE,
        15,
        _seats(
            [
                (thang, P.PRESIDENT),
                (bg_sample[0], P.STANDING_VICE_PRESIDENT),
                (bg_sample[1], P.VICE_PRESIDENT),
            ],
            bg_sample[2:14],
        ),
    )
    _body(bg4, K.INSPECTION, 3, _seats([(bg_sample[14], P.PRESIDENT)], bg_sample[15:17]))

    # Bắc Giang, 5th Congress of Delegates (seed 000).
    bg5 = _congress(
        bac_giang,
        5,
        term_start_year=2023,
        term_end_year=2028,
        held_from=datetime.date(2023, 8, 8),
        held_to=datetime.date(2023, 8, 9),
        # The seed names no hall or town: only the province.
        venue_vi="Bắc Giang",
        venue_en="Bắc Giang",
        delegates_count=None,
        guests_vi=(
            "Ông Phan Anh Sơn – Phó Chủ tịch, Tổng Thư ký Liên hiệp các tổ chức hữu nghị Việt Nam"
        ),
        guests_en=(
            "Mr Phan Anh Sơn – Vice President and Secretary General of the Vietnam Union of "
            "Friendship Organizations (VUFO)"
        ),
        summary_vi=(
            "<p>Trong 2 ngày 8/8–9/8/2023, Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang tổ chức "
            "Đại hội đại biểu lần thứ V, nhiệm kỳ 2023–2028. Ông Trần Công Thắng tiếp tục được bầu "
            "giữ chức Chủ tịch Liên hiệp.</p><p>Thay mặt Ban Thường vụ, Đoàn Chủ tịch VUFO, Phó Chủ "
            "tịch – Tổng Thư ký Phan Anh Sơn trao tặng Liên hiệp Cờ lưu niệm với dòng chữ "
            "“Chủ động, linh hoạt, sáng tạo, hiệu quả”.</p>"
        ),
        summary_en=(
            "<p>On 8–9 August 2023 the Bắc Giang Union of Friendship Organizations held its 5th "
            "Congress of Delegates for the 2023–2028 term. Mr Trần Công Thắng was re-elected "
            "President.</p><p>On behalf of VUFO's Standing Committee and Presidium, Vice President "
            "and Secretary General Phan Anh Sơn presented the union with a souvenir banner "
            "reading “Proactive, flexible, creative, effective”.</p>"
        ),
        directions_vi=(
            "<p>Đại hội đề ra 6 nhóm nhiệm vụ và giải pháp, trong đó:</p><ul>"
            "<li>Nâng cao hiệu quả công tác thông tin, tuyên truyền đối ngoại, bám sát “Chiến lược "
            "thông tin đối ngoại đến năm 2030, tầm nhìn 2050”.</li>"
            "<li>Đổi mới nội dung, phương thức các hoạt động hòa bình, đoàn kết, hữu nghị, giao lưu "
            "nhân dân.</li>"
            "<li>Đẩy mạnh công tác vận động viện trợ phi chính phủ nước ngoài và hoạt động nhân "
            "đạo.</li>"
            "<li>Phát huy vai trò Ban Liên lạc người Bắc Giang ở nước ngoài và các hội hữu nghị "
            "song phương.</li>"
            "<li>Đổi mới công tác thi đua khen thưởng.</li></ul>"
        ),
        directions_en=(
            "<p>The congress set six groups of tasks and solutions, among them:</p><ul>"
            "<li>More effective external information, following the External Information Strategy "
            "to 2030 with a vision to 2050.</li>"
            "<li>New content and methods for peace, solidarity and friendship activities and "
            "people-to-people exchanges.</li>"
            "<li>Stronger mobilisation of foreign non-governmental aid and humanitarian work.</li>"
            "<li>A greater role for the Liaison Board of Bắc Giang people living abroad and the "
            "bilateral friendship associations.</li>"
            "<li>Renewed emulation and commendation work.</li></ul>"
        ),
        note=(
            "From seed 000 (dates, President re-elected, guest). Committee sizes and members are "
            "SAMPLE data."
        ),
    )
    _body(
        bg5,
        K.STANDING,
        5,
        _seats(
            [
                (thang, P.PRESIDENT),
                (bg_sample[0], P.STANDING_VICE_PRESIDENT),
                (bg_sample[17], P.VICE_PRESIDENT),
            ],
            [bg_sample[2], bg_sample[18]],
        ),
        sample=True,
    )
    _body(
        bg5,
        K.EXECUTIVE,
        15,
        _seats(
            [
                (thang, P.PRESIDENT),
                (bg_sample[0], P.STANDING_VICE_PRESIDENT),
                (bg_sample[17], P.VICE_PRESIDENT),
            ],
            [bg_sample[2], *bg_sample[18:29]],
        ),
        sample=True,
    )
    _body(
        bg5,
        K.INSPECTION,
        3,
        _seats([(bg_sample[14], P.PRESIDENT)], [bg_sample[15], bg_sample[29]]),
        sample=True,
    )
    _document(
        bg5,
        "Nghị quyết Đại hội đại biểu lần thứ V (tài liệu mẫu)",
        "Resolution of the 5th Congress of Delegates (sample document)",
    )
    _photo(
        bg5,
        "Hội trường Đại hội (ảnh minh họa)",
        "The congress hall (illustration)",
        "Ảnh minh họa / illustration",
    )

    # Tây Ninh, 2nd Congress of Delegates (seed 003).
    trong = _person(
        "Võ Đức Trong",
        Person.Honorific.MR,
        "Phó Chủ tịch thường trực UBND tỉnh Tây Ninh",
        "Standing Vice Chairman of the Tây Ninh Provincial People's Committee",
        note="Tên và chức vụ theo bài báo (seed 003).",
    )
    tn_sample = _sample_people("TN", 23)
    tn2 = _congress(
        tay_ninh,
        2,
        term_start_year=2022,
        term_end_year=2027,
        held_from=datetime.date(2022, 8, 18),
        held_to=None,
        venue_vi="Tây Ninh",
        venue_en="Tây Ninh",
        guests_vi=(
            "Ông Nguyễn Văn Doanh – Phó Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam\n"
            "Ông Nguyễn Mạnh Hùng – Phó Bí thư Tỉnh ủy Tây Ninh\n"
            "Đại diện 8 Liên hiệp các tổ chức hữu nghị các tỉnh, thành phố trong Cụm hoạt động số 4"
        ),
        guests_en=(
            "Mr Nguyễn Văn Doanh – Vice President of the Vietnam Union of Friendship "
            "Organizations (VUFO)\n"
            "Mr Nguyễn Mạnh Hùng – Deputy Secretary of the Tây Ninh Provincial Party Committee\n"
            "Representatives of the 8 provincial and city unions of Cluster No. 4"
        ),
        summary_vi=(
            "<p>Ngày 18/8/2022, Liên hiệp các tổ chức hữu nghị tỉnh Tây Ninh tổ chức Đại hội đại "
            "biểu lần thứ II, nhiệm kỳ 2022–2027. Trong nhiệm kỳ đầu tiên (2017–2022), Liên hiệp "
            "đã vận động được 105 tỷ đồng viện trợ phi chính phủ nước ngoài.</p><p>Đại hội đã bầu "
            "21 ủy viên Ban Chấp hành, 5 thành viên Ban Thường vụ và 3 thành viên Ủy ban Kiểm tra. "
            "Ông Võ Đức Trong, Phó Chủ tịch thường trực UBND tỉnh, được bầu làm Chủ tịch.</p>"
        ),
        summary_en=(
            "<p>On 18 August 2022 the Tây Ninh Union of Friendship Organizations held its 2nd "
            "Congress of Delegates for the 2022–2027 term. In its first term (2017–2022) the "
            "union mobilised VND 105 billion of foreign non-governmental aid.</p><p>The congress "
            "elected 21 Executive Committee members, 5 Standing Committee members and 3 Inspection "
            "Committee members. Mr Võ Đức Trong, Standing Vice Chairman of the Provincial People's "
            "Committee, was elected President.</p>"
        ),
        directions_vi=(
            "<ul><li>Quán triệt Chỉ thị số 12-CT/TW và Chỉ thị số 38-CT/TW của Ban Bí thư.</li>"
            "<li>Tăng cường quan hệ với các nước láng giềng, bạn bè truyền thống, đặc biệt là "
            "Campuchia.</li><li>Đổi mới công tác vận động viện trợ phi chính phủ nước ngoài và "
            "thông tin đối ngoại.</li><li>Phát huy sức mạnh của 13.000 người con Tây Ninh ở nước "
            "ngoài.</li></ul>"
        ),
        directions_en=(
            "<ul><li>Carry out Party Secretariat Directives No. 12-CT/TW and No. 38-CT/TW.</li>"
            "<li>Stronger relations with neighbours and traditional friends, Cambodia above "
            "all.</li><li>Renewed aid mobilisation and external information.</li><li>Draw on the "
            "13,000 people of Tây Ninh living abroad.</li></ul>"
        ),
        note="From seed 003 (date, sizes, President, guests). Members other than the President are SAMPLE.",
    )
    _body(
        tn2,
        K.STANDING,
        5,
        _seats([(trong, P.PRESIDENT), (tn_sample[0], P.STANDING_VICE_PRESIDENT)], tn_sample[1:4]),
    )
    _body(
        tn2,
        K.EXECUTIVE,
        21,
        _seats([(trong, P.PRESIDENT), (tn_sample[0], P.STANDING_VICE_PRESIDENT)], tn_sample[1:20]),
    )
    _body(tn2, K.INSPECTION, 3, _seats([(tn_sample[20], P.PRESIDENT)], tn_sample[21:23]))

    # Tuyên Quang: the congress is SAMPLE; the restructuring of 13 January 2021 is from seed 004.
    viet = _person(
        "Vũ Thị Bích Việt",
        Person.Honorific.MS,
        "Chủ tịch Liên hiệp các tổ chức hữu nghị tỉnh Tuyên Quang",
        "President of the Tuyên Quang Union of Friendship Organizations",
        note="Tên và chức vụ theo bài báo (seed 004).",
    )
    tan = _person(
        "Đỗ Minh Tân",
        "",
        "Phó Chủ tịch Thường trực Liên hiệp các tổ chức hữu nghị tỉnh Tuyên Quang",
        "Standing Vice President of the Tuyên Quang Union of Friendship Organizations",
        note="Tên và chức vụ theo bài báo (seed 004).",
    )
    tq_sample = _sample_people("TQ", 15)
    tq = _congress(
        tuyen_quang,
        3,
        term_start_year=2018,
        term_end_year=2023,
        held_from=datetime.date(2018, 9, 20),
        venue_vi="Thành phố Tuyên Quang (dữ liệu mẫu)",
        venue_en="Tuyên Quang City (sample data)",
        is_sample=True,
        note=(
            "SAMPLE congress (ordinal, dates and members invented). The restructuring of the "
            "Executive Committee on 13/01/2021 is from seed 004."
        ),
    )
    restructured = datetime.date(2021, 1, 13)
    reason_vi = "Kiện toàn nhân sự Ban Chấp hành (Hội nghị tổng kết công tác năm 2020)"
    reason_en = "Executive Committee restructured (2020 annual review conference)"
    left = {
        "end_date": restructured - datetime.timedelta(days=1),
        "reason_vi": reason_vi,
        "reason_en": reason_en,
    }
    joined = {"start_date": restructured, "reason_vi": reason_vi, "reason_en": reason_en}
    _body(
        tq,
        K.EXECUTIVE,
        11,
        [
            (viet, P.PRESIDENT, {}),
            (tan, P.STANDING_VICE_PRESIDENT, {}),
            (tq_sample[0], P.VICE_PRESIDENT, {}),
            *[(p, P.MEMBER, {}) for p in tq_sample[1:6]],
            (tq_sample[6], P.MEMBER, left),
            (tq_sample[7], P.MEMBER, left),
            (tq_sample[8], P.MEMBER, {}),
            (tq_sample[9], P.MEMBER, joined),
            (tq_sample[10], P.MEMBER, joined),
        ],
    )
    _body(
        tq,
        K.STANDING,
        3,
        _seats([(viet, P.PRESIDENT), (tan, P.STANDING_VICE_PRESIDENT)], [tq_sample[0]]),
    )
    stdout.write(
        "congresses: Bắc Giang 4th (sample) and 5th, Tây Ninh 2nd, Tuyên Quang (sample) "
        "with its 2021 restructuring"
    )
