"""Demo official documents, after the seeds in ../shared/seeds (loaded after unions, news and
congresses, which they link to). They are the home union's (unions.demo.home_slug): each run
removes the documents the demo made for the other home union, and their issuers if nothing
else names them.

Bắc Giang, from seed 000 (its congress article): the union was founded by Decision No.
121/QĐ-UBND of 12/10/1998 of the Chairman of the Provincial People's Committee (its number,
date and issuer; the title and summary say only what the seed says), and at that congress VUFO
asked the union to serve Resolution No. 30-NQ/TW of 23/11/2022 of the Politburo (title as
the seed gives it). Neither text is in the seeds: the decision's file is a one-page SAMPLE PDF
saying so, marked “(sample)” on the page and in its download name; the resolution has no file.

Tây Ninh: seed 003 gives no founding decision (its union page shows none) and no document the
portal's kinds of document fit, so the union has only samples.

Everything else is SAMPLE and says so: the home union's plan, report, notice of its latest
congress's results and official letter (their numbers, dates and titles are invented), each
marked “(sample)” in the reader's language, with the same placeholder PDF.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from congresses.models import Congress
from news.models import Article
from unions.demo import home_slug
from unions.models import Union

from .models import Document, DocumentFile, Issuer

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "documents"
SEED_ARTICLE = "lien-hiep-huu-nghi-tinh-bac-giang-chu-dong-linh-hoat-sang-tao-hieu-qua"

ISSUERS = {
    # slug: (name vi, name en)
    "ubnd-tinh-bac-giang": ("UBND tỉnh Bắc Giang", "Bắc Giang Provincial People's Committee"),
    "bo-chinh-tri": ("Bộ Chính trị", "Politburo"),
    "lien-hiep-huu-nghi-tinh-bac-giang": (
        "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang",
        "Bắc Giang Union of Friendship Organizations",
    ),
    "lien-hiep-huu-nghi-tinh-tay-ninh": (
        "Liên hiệp các tổ chức hữu nghị tỉnh Tây Ninh",
        "Tây Ninh Union of Friendship Organizations",
    ),
}
# The home union issues its sample documents.
UNION_ISSUER = {
    "bac-giang": "lien-hiep-huu-nghi-tinh-bac-giang",
    "tay-ninh": "lien-hiep-huu-nghi-tinh-tay-ninh",
}
# The documents of the home union's seed: (issuer slug, number).
SEEDED = {
    "bac-giang": [("ubnd-tinh-bac-giang", "121/QĐ-UBND"), ("bo-chinh-tri", "30-NQ/TW")],
    "tay-ninh": [],
}

FOUNDING_SUMMARY_VI = (
    "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang là tổ chức chính trị – xã hội, được thành lập "
    "theo Quyết định số 121/QĐ-UBND ngày 12/10/1998 của Chủ tịch UBND tỉnh. Khi mới thành lập, "
    "Liên hiệp có 03 Hội Hữu nghị thành viên (Việt – Nga, Việt – Đức, Việt – Trung), 20 chi hội "
    "thành viên với 318 hội viên."
)
FOUNDING_SUMMARY_EN = (
    "The Bắc Giang Union of Friendship Organizations, a socio-political organisation, was "
    "founded by Decision No. 121/QĐ-UBND of 12 October 1998 of the Chairman of the Provincial "
    "People's Committee. At its founding it had 3 member friendship associations "
    "(Vietnam–Russia, Vietnam–Germany, Vietnam–China), 20 chapters and 318 members."
)

RESOLUTION_SUMMARY_VI = (
    "Tại Đại hội đại biểu lần thứ V của Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang (8–9/8/2023), "
    "Phó Chủ tịch – Tổng thư ký VUFO Phan Anh Sơn đề nghị Liên hiệp gắn hoạt động đối ngoại nhân dân "
    "với thúc đẩy hợp tác kinh tế, đầu tư, thương mại, phục vụ đắc lực việc thực hiện Nghị quyết này."
)
RESOLUTION_SUMMARY_EN = (
    "At the 5th Congress of Delegates of the Bắc Giang Union of Friendship Organizations "
    "(8–9 August 2023), VUFO Vice President and Secretary General Phan Anh Sơn asked the union "
    "to link people-to-people diplomacy with economic, investment and trade cooperation, in "
    "support of this resolution."
)

# The home union's samples: (number, kind, date issued, title vi, title en)
SAMPLES = [
    (
        "01/KH-LHHN",
        Document.Kind.PLAN,
        datetime.date(2024, 1, 15),
        "Kế hoạch hoạt động đối ngoại nhân dân năm 2024",
        "Plan of people-to-people diplomacy activities for 2024",
    ),
    (
        "05/BC-LHHN",
        Document.Kind.REPORT,
        datetime.date(2023, 12, 20),
        "Báo cáo tổng kết công tác năm 2023",
        "Annual review report for 2023",
    ),
    (
        "20/CV-LHHN",
        Document.Kind.OFFICIAL_LETTER,
        datetime.date(2024, 3, 5),
        "Công văn về việc phối hợp đón đoàn khách quốc tế",
        "Official letter on receiving an international delegation together",
    ),
]


# The notice of the results of the home union's latest congress in the seeds (that congress's
# ordinal, and the notice's invented number, date and title).
NOTICES = {
    "bac-giang": (
        5,
        "12/TB-LHHN",
        datetime.date(2023, 8, 10),
        "Thông báo kết quả Đại hội đại biểu lần thứ V",
        "Notice of the results of the 5th Congress of Delegates",
    ),
    "tay-ninh": (
        2,
        "12/TB-LHHN",
        datetime.date(2022, 8, 25),
        "Thông báo kết quả Đại hội đại biểu lần thứ II, nhiệm kỳ 2022–2027",
        "Notice of the results of the 2nd Congress of Delegates, term 2022–2027",
    ),
}
SAMPLE_SUMMARY_VI = "Văn bản mẫu của trang minh họa: số, ngày và nội dung đều là giả định."
SAMPLE_SUMMARY_EN = "A sample document of the demo site: its number, date and content are invented."


def documents_of(home):
    """(issuer slug, number) of every document the demo makes for `home`."""
    issuer = UNION_ISSUER[home]
    return set(SEEDED[home]) | {(issuer, row[0]) for row in SAMPLES} | {(issuer, NOTICES[home][1])}


def _fixture(name):
    return ContentFile((FIXTURES / name).read_bytes(), name=name)


def _issuers(home):
    issuers = {}
    for slug in {issuer for issuer, _number in documents_of(home)}:
        name_vi, name_en = ISSUERS[slug]
        issuers[slug], _ = Issuer.objects.update_or_create(
            slug=slug, defaults={"name_vi": name_vi, "name_en": name_en}
        )
    return issuers


def _document(issuer, number, date_issued, **fields):
    document = Document.objects.filter(issuer=issuer, number=number).first()
    if document is None:
        document = Document(issuer=issuer, number=number)
    document.date_issued = date_issued
    document.is_published = True
    for name, value in fields.items():
        setattr(document, name, value)
    document.save()
    return document


def _sample_file(document, fixture):
    """The document's one file: a placeholder PDF, marked as a sample."""
    attached = document.files.first() or DocumentFile(document=document)
    attached.is_sample = True
    attached.label_vi = attached.label_en = ""
    if not attached.file:
        attached.file = _fixture(fixture)
    attached.save()
    document.files.exclude(pk=attached.pk).delete()


def _remove_other_homes(home):
    """The documents the demo made for another home union, and their issuers once unused."""
    mine = documents_of(home)
    theirs = set().union(*(documents_of(other) for other in SEEDED if other != home)) - mine
    for issuer, number in theirs:
        Document.objects.filter(issuer__slug=issuer, number=number).delete()
    used = {issuer for issuer, _number in mine}
    unused = {issuer for issuer, _number in theirs} - used
    Issuer.objects.filter(slug__in=unused, documents__isnull=True).delete()


def _bac_giang(issuers):
    """Seed 000's two documents; returns the 5th congress they name."""
    seed_article = Article.objects.filter(slug_vi=SEED_ARTICLE).first()
    bac_giang = Union.objects.filter(slug="bac-giang").first()
    fifth = Congress.objects.filter(union=bac_giang, ordinal=5).first() if bac_giang else None

    founding = _document(
        issuers["ubnd-tinh-bac-giang"],
        "121/QĐ-UBND",
        datetime.date(1998, 10, 12),
        kind=Document.Kind.DECISION,
        signer_vi="Chủ tịch UBND tỉnh",
        signer_en="Chairman of the Provincial People's Committee",
        title_vi="Quyết định thành lập Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang",
        title_en="Decision founding the Bắc Giang Union of Friendship Organizations",
        summary_vi=FOUNDING_SUMMARY_VI,
        summary_en=FOUNDING_SUMMARY_EN,
        is_sample=False,
        note="Number, date and issuer from seed 000. The attached PDF is a SAMPLE placeholder.",
    )
    _sample_file(founding, "sample-decision.pdf")
    founding.articles.set([seed_article] if seed_article else [])
    if bac_giang is not None and bac_giang.founding_document_id != founding.pk:
        bac_giang.founding_document = founding
        bac_giang.save(update_fields=["founding_document"])

    resolution = _document(
        issuers["bo-chinh-tri"],
        "30-NQ/TW",
        datetime.date(2022, 11, 23),
        kind=Document.Kind.RESOLUTION,
        title_vi=(
            "Nghị quyết về phát triển kinh tế – xã hội và bảo đảm quốc phòng, an ninh vùng đồng "
            "bằng sông Hồng đến năm 2030, tầm nhìn đến năm 2045"
        ),
        title_en=(
            "Resolution on socio-economic development and national defence and security in the "
            "Red River Delta to 2030, with a vision to 2045"
        ),
        summary_vi=RESOLUTION_SUMMARY_VI,
        summary_en=RESOLUTION_SUMMARY_EN,
        is_sample=False,
        note="Number, date, issuer and title from seed 000. No file: its text is not in the seeds.",
    )
    resolution.files.all().delete()
    resolution.articles.set([seed_article] if seed_article else [])
    resolution.congresses.set([fifth] if fifth else [])


def load(stdout):
    home = home_slug()
    _remove_other_homes(home)
    issuers = _issuers(home)
    if home == "bac-giang":
        _bac_giang(issuers)

    union_issuer = issuers[UNION_ISSUER[home]]
    ordinal, number, date_issued, title_vi, title_en = NOTICES[home]
    congress = Congress.objects.filter(union__slug=home, ordinal=ordinal).first()
    rows = [*SAMPLES, (number, Document.Kind.NOTICE, date_issued, title_vi, title_en)]
    for number, kind, date_issued, title_vi, title_en in rows:
        sample = _document(
            union_issuer,
            number,
            date_issued,
            kind=kind,
            title_vi=title_vi,
            title_en=title_en,
            summary_vi=SAMPLE_SUMMARY_VI,
            summary_en=SAMPLE_SUMMARY_EN,
            is_sample=True,
            note="SAMPLE document: number, date, title and file invented for the demo.",
        )
        _sample_file(sample, "sample-file.pdf")
        if kind == Document.Kind.NOTICE:
            sample.congresses.set([congress] if congress else [])
    seeded = ", ".join(number for _issuer, number in SEEDED[home]) or "none from its seed"
    stdout.write(f"documents of {home}: {seeded}, and {len(rows)} sample documents of the union")
