# ruff: noqa: E501 - prose in two languages reads better on one line (as in the demo modules)
"""Sample data at scale for benchmarks and demonstrations (`generate_sample_data`).

Everything made here is written with bulk inserts (no `save()`), so whatever a model's
`save()` would compute is computed here too: slugs, the folded search columns of
articles (news.text.search_text), a chapter's union, a mandate's rank. Each row made is
listed in `portal.SampleRecord`, which is how `remove` finds exactly those rows again;
image files live under `sample/` in the media storage.

The text is assembled from parallel Vietnamese and English sentences about the work of a
friendship union, so that pages, search and feeds see text of the usual shape and size.
"""

import datetime
import random
import sys
import time
from contextlib import contextmanager, nullcontext
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from news.text import fold
from portal.models import SampleRecord

IMAGE_FOLDER = "sample/news"
SLUG_MARK = "-s"  # slugs end in -s<number>: recognisable, and unique without a query

# --- word pools: (Vietnamese, English) --------------------------------------------------------

COUNTRIES = [
    ("Lào", "Laos", "LA"),
    ("Campuchia", "Cambodia", "KH"),
    ("Nhật Bản", "Japan", "JP"),
    ("Hàn Quốc", "Korea", "KR"),
    ("Trung Quốc", "China", "CN"),
    ("Liên bang Nga", "Russia", "RU"),
    ("Pháp", "France", "FR"),
    ("Đức", "Germany", "DE"),
    ("Cuba", "Cuba", "CU"),
    ("Hoa Kỳ", "the United States", "US"),
    ("Ô-xtrây-li-a", "Australia", "AU"),
    ("Séc", "Czechia", "CZ"),
    ("Ấn Độ", "India", "IN"),
    ("Thái Lan", "Thailand", "TH"),
    ("Ba Lan", "Poland", "PL"),
    ("Hung-ga-ri", "Hungary", "HU"),
    ("Bun-ga-ri", "Bulgaria", "BG"),
    ("Mông Cổ", "Mongolia", "MN"),
    ("I-ta-li-a", "Italy", "IT"),
    ("Anh", "the United Kingdom", "GB"),
    ("Bê-la-rút", "Belarus", "BY"),
    ("Mi-an-ma", "Myanmar", "MM"),
]
PROVINCES = [
    ("Bắc Giang", "Bac Giang"),
    ("Hà Nội", "Hanoi"),
    ("Hải Phòng", "Hai Phong"),
    ("Thái Nguyên", "Thai Nguyen"),
    ("Lạng Sơn", "Lang Son"),
    ("Quảng Ninh", "Quang Ninh"),
    ("Nghệ An", "Nghe An"),
    ("Huế", "Hue"),
    ("Đà Nẵng", "Da Nang"),
    ("Cần Thơ", "Can Tho"),
    ("Đắk Lắk", "Dak Lak"),
]
DISTRICTS = [
    ("Lục Ngạn", "Luc Ngan"),
    ("Yên Thế", "Yen The"),
    ("Sơn Động", "Son Dong"),
    ("Lạng Giang", "Lang Giang"),
    ("Tân Yên", "Tan Yen"),
    ("Hiệp Hòa", "Hiep Hoa"),
    ("Việt Yên", "Viet Yen"),
    ("Lục Nam", "Luc Nam"),
    ("Yên Dũng", "Yen Dung"),
]
COMMUNES = [
    ("Tân Sơn", "Tan Son"),
    ("Biển Động", "Bien Dong"),
    ("Phì Điền", "Phi Dien"),
    ("Đồng Cốc", "Dong Coc"),
    ("Xuân Lương", "Xuan Luong"),
    ("Tiến Dũng", "Tien Dung"),
    ("Hương Sơn", "Huong Son"),
    ("Nghĩa Phương", "Nghia Phuong"),
]
ORGS = [
    ("Tổ chức Tầm nhìn Thế giới", "World Vision"),
    ("Tổ chức Cứu trợ Trẻ em", "Save the Children"),
    ("Quỹ Hòa bình Việt Nam", "the Vietnam Peace Fund"),
    ("Tổ chức Plan International", "Plan International"),
    ("Hội Chữ thập đỏ", "the Red Cross Society"),
    ("Tổ chức Hành động vì Trẻ em", "Children's Action"),
    ("Quỹ Đông Tây Hội ngộ", "East Meets West Foundation"),
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

TITLES = [
    (
        "Hội hữu nghị Việt Nam – {cv} tổ chức gặp mặt kỷ niệm {n} năm thành lập",
        "Vietnam – {ce} Friendship Association marks {n} years since its founding",
    ),
    (
        "Đoàn đại biểu {cv} thăm và làm việc tại tỉnh {pv}",
        "A delegation from {ce} visits {pe}",
    ),
    (
        "Trao tặng {n} suất học bổng cho học sinh nghèo vượt khó huyện {dv}",
        "{n} scholarships for pupils overcoming hardship in {de} district",
    ),
    (
        "{ov} hỗ trợ xây dựng trường học tại xã {mv}",
        "{oe} helps build a school in {me} commune",
    ),
    (
        "Hội nghị tổng kết công tác đối ngoại nhân dân năm {y}",
        "Review conference on people-to-people diplomacy in {y}",
    ),
    (
        "Giao lưu văn hóa hữu nghị Việt Nam – {cv} tại {pv}",
        "Vietnam – {ce} friendship cultural exchange in {pe}",
    ),
    (
        "Liên hiệp các tổ chức hữu nghị tỉnh {pv} tiếp Đại sứ {cv}",
        "The {pe} Union of Friendship Organizations receives the Ambassador of {ce}",
    ),
    (
        "Khám bệnh, cấp thuốc miễn phí cho {n} người dân huyện {dv}",
        "Free medical check-ups for {n} residents of {de} district",
    ),
    (
        "Tỉnh {pv} ký biên bản ghi nhớ hợp tác với {ov}",
        "{pe} signs a memorandum of understanding with {oe}",
    ),
    (
        "Tuổi trẻ {pv} chung tay vì hòa bình và hữu nghị với nhân dân {cv}",
        "Young people of {pe} join hands for peace and friendship with the people of {ce}",
    ),
    (
        "Tập huấn công tác vận động viện trợ phi chính phủ nước ngoài năm {y}",
        "Training on mobilising foreign non-governmental aid in {y}",
    ),
    (
        "Bàn giao công trình nước sạch tại xã {mv} do {ov} tài trợ",
        "Clean water works funded by {oe} handed over in {me} commune",
    ),
]

SENTENCES = [
    (
        "Ngày {day}/{mo}/{y}, tại thành phố {pv}, Liên hiệp các tổ chức hữu nghị tỉnh đã tổ chức buổi gặp mặt thân mật với đoàn đại biểu {cv}.",
        "On {day} {moe} {y}, in {pe}, the provincial Union of Friendship Organizations held a friendly meeting with a delegation from {ce}.",
    ),
    (
        "Tham dự buổi lễ có đại diện lãnh đạo Sở Ngoại vụ, Ủy ban nhân dân tỉnh cùng đông đảo hội viên.",
        "Leaders of the Department of Foreign Affairs and the Provincial People's Committee attended, together with many members.",
    ),
    (
        "Phát biểu tại buổi lễ, đồng chí Chủ tịch Liên hiệp nhấn mạnh ý nghĩa của tình đoàn kết, hữu nghị giữa nhân dân hai nước.",
        "Speaking at the ceremony, the President of the Union stressed the value of solidarity and friendship between the two peoples.",
    ),
    (
        "Trong những năm qua, các tổ chức phi chính phủ nước ngoài đã tài trợ {n} dự án với tổng giá trị hơn {m} tỷ đồng.",
        "Over the years, foreign non-governmental organisations have funded {n} projects worth more than VND {m} billion.",
    ),
    (
        "Các dự án tập trung vào giáo dục, y tế, nước sạch và sinh kế cho người dân vùng đặc biệt khó khăn.",
        "The projects focus on education, health, clean water and livelihoods for people in the most disadvantaged areas.",
    ),
    (
        "Nhân dịp này, đoàn đã trao tặng {n} phần quà cho các gia đình chính sách và học sinh nghèo.",
        "On this occasion, the delegation presented {n} gifts to families of war invalids and to poor pupils.",
    ),
    (
        "Hai bên đã trao đổi kinh nghiệm về công tác đối ngoại nhân dân và thống nhất phương hướng hợp tác trong thời gian tới.",
        "The two sides shared experience of people-to-people diplomacy and agreed on directions for future cooperation.",
    ),
    (
        "Hội hữu nghị Việt Nam – {cv} của tỉnh hiện có {n} hội viên, sinh hoạt tại {m} chi hội.",
        "The province's Vietnam – {ce} Friendship Association now has {n} members in {m} chapters.",
    ),
    (
        "Chương trình giao lưu văn nghệ với các làn điệu dân ca quan họ đã để lại nhiều ấn tượng tốt đẹp.",
        "A performance of quan họ folk songs left a fine impression on the guests.",
    ),
    (
        "Đại sứ {cv} cảm ơn sự đón tiếp nồng hậu của lãnh đạo và nhân dân tỉnh {pv}.",
        "The Ambassador of {ce} thanked the leaders and people of {pe} for their warm welcome.",
    ),
    (
        "Năm {y}, Liên hiệp đã vận động được {n} khoản viện trợ, góp phần giảm nghèo bền vững tại địa phương.",
        "In {y}, the Union mobilised {n} aid packages, helping to reduce poverty for good.",
    ),
    (
        "Đoàn cũng đến thăm khu di tích lịch sử và dâng hương tưởng niệm các anh hùng liệt sĩ.",
        "The delegation also visited the historic site and offered incense in memory of fallen heroes.",
    ),
    (
        "Chương trình khám chữa bệnh do các y, bác sĩ tình nguyện đến từ {cv} thực hiện tại huyện {dv}.",
        "The medical programme was carried out in {de} district by volunteer doctors and nurses from {ce}.",
    ),
    (
        "Hội nghị đã biểu dương {n} tập thể và cá nhân có thành tích xuất sắc trong công tác hữu nghị.",
        "The conference commended {n} groups and individuals for outstanding work for friendship.",
    ),
    (
        "Liên hiệp sẽ tiếp tục phối hợp chặt chẽ với Sở Ngoại vụ trong quản lý và sử dụng các khoản viện trợ.",
        "The Union will keep working closely with the Department of Foreign Affairs in managing and using aid.",
    ),
    (
        "Ngôi trường mới gồm {m} phòng học khang trang, đáp ứng nhu cầu học tập của {n} học sinh xã {mv}.",
        "The new school has {m} spacious classrooms for {n} pupils of {me} commune.",
    ),
    (
        "{ov} đã đồng hành cùng tỉnh {pv} từ năm {y0}.",
        "{oe} has worked alongside {pe} since {y0}.",
    ),
    (
        "Các đại biểu đã cùng trồng cây hữu nghị trong khuôn viên nhà văn hóa xã {mv}.",
        "The delegates planted friendship trees in the grounds of the {me} commune cultural house.",
    ),
]
# In one article in five hundred (published, in both languages): the "rare word" the
# benchmark and the scale tests search for.
RARE_SENTENCE = (
    "Một đoàn nghệ sĩ đến từ Nicaragua cũng tham gia chương trình giao lưu.",
    "A group of artists from Nicaragua also took part in the exchange.",
)
RARE_WORD = "nicaragua"
RARE_EVERY = 500

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
FAMILY += ["Dương", "Lý", "Hồ", "Võ", "Đinh"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Hữu", "Quang", "Công", "Xuân", "Thanh"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Hồng", "Thanh", "Minh", "Phương"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc"]
GIVEN_M += ["Quân", "Sơn", "Thắng", "Tuấn", "Việt", "Toàn", "Đạt", "Lộc"]
GIVEN_F = ["Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương"]
GIVEN_F += ["Thảo", "Trang", "Yến", "Ánh", "Ngân", "Huyền"]
OCCUPATIONS = ["Giáo viên", "Bác sĩ", "Kỹ sư", "Cán bộ hưu trí", "Doanh nhân", "Sinh viên"]
OCCUPATIONS += ["Nông dân", "Phiên dịch viên", "Công chức"]

TAGS = [
    ("Đối ngoại nhân dân", "People-to-people diplomacy"),
    ("Viện trợ phi chính phủ", "Non-governmental aid"),
    ("Học bổng", "Scholarships"),
    ("Y tế", "Health"),
    ("Nước sạch", "Clean water"),
    ("Giáo dục", "Education"),
    ("Giao lưu văn hóa", "Cultural exchange"),
    ("Đại hội", "Congress"),
    ("Thanh niên", "Youth"),
    ("Hòa bình", "Peace"),
]
CATEGORIES = [
    ("Hoạt động hữu nghị", "Friendship activities"),
    ("Viện trợ phi chính phủ", "Non-governmental aid"),
    ("Tin trong tỉnh", "Provincial news"),
]


# --- helpers --------------------------------------------------------------------------------


class Progress:
    """A one-line text progress bar (a carriage return on a terminal, lines otherwise)."""

    def __init__(self, stream, label, total, quiet=False):
        self.stream, self.label, self.total, self.quiet = stream, label, total, quiet
        self.done, self.start = 0, time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def step(self, n):
        self.done += n
        if self.quiet:
            return
        width = 30
        filled = int(width * self.done / max(1, self.total))
        line = (
            f"{self.label:<14} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:>7,}/{self.total:,} {time.monotonic() - self.start:6.1f}s"
        )
        if self.tty:
            self.stream.write("\r" + line)
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()
        elif self.done >= self.total or self.done % (max(1, self.total // 10)) < n:
            self.stream.write(line + "\n")


def folded_words(*plain_parts):
    """news.text.search_text for text that is already free of tags."""
    return " ".join(fold(" ".join(plain_parts)).split())


def vi_slug(text, number):
    return f"{slugify(fold(text))[:150].strip('-')}{SLUG_MARK}{number}"


def record(model, pks):
    ct = ContentType.objects.get_for_model(model)
    SampleRecord.objects.bulk_create(
        [SampleRecord(content_type=ct, object_id=pk) for pk in pks], batch_size=5000
    )


def sample_ids(model):
    ct = ContentType.objects.get_for_model(model)
    return SampleRecord.objects.filter(content_type=ct).values_list("object_id", flat=True)


def bulk(model, objects, batch_size, progress=None):
    """bulk_create in batches, recorded as sample; returns the created objects with pks."""
    created = []
    for start in range(0, len(objects), batch_size):
        chunk = model.objects.bulk_create(objects[start : start + batch_size])
        record(model, [obj.pk for obj in chunk])
        created.extend(chunk)
        if progress:
            progress.step(len(chunk))
    return created


def person_name(rng):
    if rng.random() < 0.5:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}", "male"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}", "female"


class Writer:
    """Parallel Vietnamese and English text from the pools above."""

    def __init__(self, rng):
        self.rng = rng

    def params(self, when):
        rng = self.rng
        cv, ce, _code = rng.choice(COUNTRIES)
        pv, pe = rng.choice(PROVINCES)
        dv, de = rng.choice(DISTRICTS)
        mv, me = rng.choice(COMMUNES)
        ov, oe = rng.choice(ORGS)
        return {
            "cv": cv,
            "ce": ce,
            "pv": pv,
            "pe": pe,
            "dv": dv,
            "de": de,
            "mv": mv,
            "me": me,
            "ov": ov,
            "oe": oe,
            "n": rng.randint(5, 300),
            "m": rng.randint(2, 40),
            "y": when.year,
            "y0": when.year - rng.randint(3, 25),
            "day": when.day,
            "mo": when.month,
            "moe": MONTHS_EN[when.month - 1],
        }

    def article(self, when, rare=False):
        """(title_vi, title_en, summary_vi, summary_en, paragraphs_vi, paragraphs_en)."""
        rng = self.rng
        p = self.params(when)
        title_vi, title_en = (t.format(**p) for t in rng.choice(TITLES))
        picks = [rng.choice(SENTENCES) for _ in range(rng.randint(7, 14))]
        if rare:
            picks.insert(rng.randrange(len(picks)), RARE_SENTENCE)
        vi = [s[0].format(**p) for s in picks]
        en = [s[1].format(**p) for s in picks]
        cut = [0]
        while cut[-1] < len(picks):
            cut.append(min(len(picks), cut[-1] + rng.randint(2, 4)))
        paras_vi = [" ".join(vi[a:b]) for a, b in zip(cut, cut[1:], strict=False)]
        paras_en = [" ".join(en[a:b]) for a, b in zip(cut, cut[1:], strict=False)]
        return title_vi, title_en, vi[0], en[0], paras_vi, paras_en


def html(paragraphs):
    # One paragraph a line: strip_tags then leaves a space between paragraphs, as
    # news.text.search_text sees them.
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


@contextmanager
def stamps_as_given(model, *names):
    """Let bulk_create store the given created/updated times: articles of the past were
    written and last edited when they were published, not today (auto_now would say so)."""
    fields = [model._meta.get_field(name) for name in names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (now, now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = now, now_add


@contextmanager
def search_indexes_deferred(model):
    """On PostgreSQL, drop the table's GIN (full-text) indexes during a large load and build
    them again at the end: one build is many times faster than 100,000 index updates."""
    if connection.vendor != "postgresql":
        yield
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexdef ILIKE '%% USING gin %%'",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            # Django's foreign keys are checked at commit; PostgreSQL builds no index on a
            # table with checks pending, so run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def random_moment(rng, start, end):
    span = int((end - start).total_seconds())
    return start + datetime.timedelta(seconds=rng.randrange(span))


# --- images ---------------------------------------------------------------------------------


def sample_images(stdout, limit=6):
    """A few stored images (with renditions) that every sample article reuses."""
    from portal.images import process_upload

    source = Path(settings.BASE_DIR) / "fixtures" / "news"
    paths = (sorted(source.glob("*.png")) + sorted(source.glob("*.jpg")))[:limit]
    names = []
    if paths:
        for path in paths:
            with path.open("rb") as fh:
                names.append(process_upload(File(fh, name=path.name), folder=IMAGE_FOLDER))
    else:
        from io import BytesIO

        from PIL import Image, ImageDraw

        for i, colour in enumerate(["#1b5e9e", "#c62828", "#2e7d32", "#f9a825"][:limit]):
            image = Image.new("RGB", (1280, 720), colour)
            ImageDraw.Draw(image).rectangle((80, 80, 1200, 640), outline="white", width=12)
            buf = BytesIO()
            image.save(buf, "JPEG", quality=80)
            buf.seek(0)
            names.append(process_upload(File(buf, name=f"sample-{i}.jpg"), folder=IMAGE_FOLDER))
    stdout.write(f"images: {len(names)} stored under {IMAGE_FOLDER}/ and reused\n")
    return names


# --- generators per app ---------------------------------------------------------------------


def home_union(stdout):
    from unions.models import SiteSettings, Union

    settings_row = SiteSettings.current()
    if settings_row.home_union_id:
        return settings_row.home_union
    union = Union.objects.create(
        kind=Union.Kind.PROVINCIAL,
        name_vi="Liên hiệp các tổ chức hữu nghị tỉnh Mẫu",
        name_en="Sample Province Union of Friendship Organizations",
        slug="sample-union",
        province_vi="Mẫu",
        province_en="Sample",
    )
    record(Union, [union.pk])
    settings_row.home_union = union
    settings_row.save()
    stdout.write("unions: no home union was set; a sample one was made\n")
    return union


def make_associations(ctx, count):
    from members.models import Association

    rng, union, start = ctx["rng"], ctx["union"], ctx["numbers"]["association"]
    objs = []
    for i in range(count):
        cv, ce, code = COUNTRIES[i % len(COUNTRIES)]
        number = start + i + 1
        name_vi = f"Hội hữu nghị Việt Nam – {cv}"
        name_en = f"Vietnam – {ce} Friendship Association"
        if i >= len(COUNTRIES):
            name_vi += f" ({number})"
            name_en += f" ({number})"
        objs.append(
            Association(
                name_vi=name_vi,
                name_en=name_en,
                slug=vi_slug(name_vi, number),
                union=union,
                countries=code,
                founded_on=datetime.date(rng.randint(1960, 2020), rng.randint(1, 12), 1),
                description_vi=f"<p>{name_vi} tập hợp những người yêu mến đất nước và con người {cv}.</p>",
                description_en=f"<p>The {name_en} brings together friends of {ce}.</p>",
            )
        )
    return bulk(
        Association, objs, ctx["batch"], Progress(ctx["out"], "associations", count, ctx["quiet"])
    )


def make_chapters(ctx, associations, count):
    from members.models import Branch

    rng = ctx["rng"]
    objs = []
    for i in range(count):
        association = associations[i % len(associations)] if associations else None
        dv, de = rng.choice(DISTRICTS)
        mv, me = rng.choice(COMMUNES)
        objs.append(
            Branch(
                union_id=association.union_id if association else ctx["union"].pk,
                association=association,
                name_vi=f"Chi hội xã {mv} ({i + 1})",
                name_en=f"{me} commune chapter ({i + 1})",
                level=Branch.Level.COMMUNE,
                locality_vi=f"Huyện {dv}",
                locality_en=f"{de} district",
                founded_on=datetime.date(rng.randint(1990, 2024), rng.randint(1, 12), 1),
            )
        )
    return bulk(Branch, objs, ctx["batch"], Progress(ctx["out"], "chapters", count, ctx["quiet"]))


def make_members(ctx, associations, chapters, count):
    from members.models import Member, MembershipCount

    rng = ctx["rng"]
    if not associations:
        return []
    by_association = {}
    for chapter in chapters:
        by_association.setdefault(chapter.association_id, []).append(chapter)
    objs = []
    for _i in range(count):
        association = rng.choice(associations)
        options = by_association.get(association.pk)
        name, gender = person_name(rng)
        joined = datetime.date(rng.randint(2000, 2025), rng.randint(1, 12), rng.randint(1, 28))
        left = rng.random() < 0.05
        objs.append(
            Member(
                full_name=name,
                gender=gender,
                birth_year=rng.randint(1945, 2005),
                occupation=rng.choice(OCCUPATIONS),
                association=association,
                branch=rng.choice(options) if options and rng.random() < 0.8 else None,
                joined_on=joined,
                status=Member.Status.LEFT if left else Member.Status.ACTIVE,
                left_on=joined + datetime.timedelta(days=rng.randint(100, 3000)) if left else None,
            )
        )
    made = bulk(Member, objs, ctx["batch"], Progress(ctx["out"], "members", count, ctx["quiet"]))
    this_year = timezone.localdate().year
    counts = []
    for association in associations:
        base = rng.randint(50, 800)
        for year in range(this_year - 4, this_year + 1):
            base += rng.randint(-10, 40)
            counts.append(
                MembershipCount(
                    union_id=association.union_id,
                    association=association,
                    year=year,
                    members=max(base, 1),
                )
            )
    bulk(MembershipCount, counts, ctx["batch"])
    return made


def make_congresses(ctx, associations, count):
    from congresses.models import Congress, ElectedBody, Mandate, Person

    rng = ctx["rng"]
    if not associations or not count:
        return []
    per = max(1, -(-count // len(associations)))
    congresses = []
    for association in associations:
        for ordinal in range(1, per + 1):
            if len(congresses) >= count:
                break
            start = 2026 - 5 * (per - ordinal + 1)
            held = datetime.date(start, rng.randint(1, 12), rng.randint(1, 28))
            congresses.append(
                Congress(
                    association=association,
                    ordinal=ordinal,
                    of_delegates=True,
                    slug=f"{association.slug}-{ordinal}",
                    term_start_year=start,
                    term_end_year=start + 5,
                    held_from=held,
                    venue_vi="Hội trường Liên hiệp các tổ chức hữu nghị tỉnh",
                    venue_en="Hall of the provincial Union of Friendship Organizations",
                    delegates_count=rng.randint(50, 150),
                    summary_vi="<p>Đại hội đã bầu Ban Chấp hành và thông qua phương hướng nhiệm kỳ mới.</p>",
                    summary_en="<p>The congress elected the Executive Committee and adopted directions for the new term.</p>",
                    is_published=True,
                )
            )
    congresses = bulk(
        Congress,
        congresses,
        ctx["batch"],
        Progress(ctx["out"], "congresses", len(congresses), ctx["quiet"]),
    )
    bodies = bulk(
        ElectedBody,
        [
            ElectedBody(
                congress=c, kind=ElectedBody.Kind.EXECUTIVE, size=rng.randint(7, 15), position=2
            )
            for c in congresses
        ],
        ctx["batch"],
    )
    people, seats = [], []
    number = ctx["numbers"]["person"]
    for body in bodies:
        for seat in range(body.size):
            number += 1
            name, gender = person_name(rng)
            people.append(
                Person(
                    full_name=name,
                    name_key=name.casefold(),
                    slug=vi_slug(name, number),
                    honorific="mr" if gender == "male" else "ms",
                )
            )
            seats.append((body, seat))
    people = bulk(Person, people, ctx["batch"])
    positions = list(Mandate.Position.values)
    mandates = []
    for person, (body, seat) in zip(people, seats, strict=True):
        position = positions[min(seat, 2)] if seat < 3 else Mandate.Position.MEMBER
        congress = next(c for c in congresses if c.pk == body.congress_id)
        mandates.append(
            Mandate(
                body=body,
                person=person,
                position=position,
                rank=positions.index(position),
                start_date=congress.held_from,
                order=seat,
            )
        )
    bulk(Mandate, mandates, ctx["batch"])
    return congresses


def make_articles(ctx, count):
    from members.models import Association
    from news.models import Article, Category, Tag

    rng = ctx["rng"]
    categories = list(Category.objects.filter(is_video=False))
    if not categories:
        made = []
        for i, (vi, en) in enumerate(CATEGORIES):
            made.append(
                Category(
                    name_vi=vi,
                    name_en=en,
                    slug_vi=f"{slugify(fold(vi))}{SLUG_MARK}{i}",
                    slug_en=f"{slugify(en)}{SLUG_MARK}{i}",
                    position=50 + i,
                )
            )
        categories = bulk(Category, made, ctx["batch"])
    tags = list(Tag.objects.all()[:40])
    if len(tags) < len(TAGS):
        number = ctx["numbers"]["tag"]
        new = []
        for i, (vi, en) in enumerate(TAGS):
            new.append(
                Tag(
                    name_vi=vi,
                    name_en=en,
                    slug_vi=vi_slug(vi, number + i + 1),
                    slug_en=f"{slugify(en)}{SLUG_MARK}{number + i + 1}",
                )
            )
        tags += bulk(Tag, new, ctx["batch"])
    association_ids = list(Association.objects.values_list("pk", flat=True)[:200])
    images = sample_images(ctx["out"], ctx["images"]) if count and ctx["images"] else []
    writer = Writer(rng)
    number = ctx["numbers"]["article"]
    deferred = search_indexes_deferred(Article) if count >= 5000 else nullcontext()
    with deferred:
        _article_batches(ctx, count, writer, categories, tags, association_ids, images, number)


def _article_batches(ctx, count, writer, categories, tags, association_ids, images, number):
    from news.models import Article

    rng, batch = ctx["rng"], ctx["batch"]
    now = timezone.now()
    start = now - datetime.timedelta(days=365 * 20)
    progress = Progress(ctx["out"], "articles", count, ctx["quiet"])
    Through = Article.tags.through
    AssocThrough = Article.associations.through
    for offset in range(0, count, batch):
        objs = []
        for _i in range(offset, min(count, offset + batch)):
            number += 1
            when = random_moment(rng, start, now)
            rare = number % RARE_EVERY == 1
            tv, te, sv, se, pv, pe = writer.article(when, rare=rare)
            english = rng.random() < 0.4 or rare
            published = rng.random() < 0.97 or rare
            status = Article.Status.PUBLISHED if published else Article.Status.DRAFT
            cover = rng.choice(images) if images and rng.random() < 0.85 else ""
            objs.append(
                Article(
                    title_vi=tv,
                    title_en=te if english else "",
                    slug_vi=vi_slug(tv, number),
                    slug_en=f"{slugify(te)[:150].strip('-')}{SLUG_MARK}{number}"
                    if english
                    else None,
                    summary_vi=sv,
                    summary_en=se if english else "",
                    body_vi=html(pv),
                    body_en=html(pe) if english else "",
                    cover=cover,
                    cover_caption_vi=tv if cover else "",
                    cover_caption_en=te if cover and english else "",
                    category=rng.choice(categories),
                    author=person_name(rng)[0],
                    status=status,
                    published_at=when,
                    is_highlight=rng.random() < 0.01,
                    view_count=rng.randint(0, 5000),
                    created_at=when,
                    updated_at=when,
                    # What Article.save() would store (news.text.search_text).
                    search_title_vi=folded_words(tv),
                    search_text_vi=folded_words(sv, *pv),
                    search_title_en=folded_words(te) if english else "",
                    search_text_en=folded_words(se, *pe) if english else "",
                )
            )
        with stamps_as_given(Article, "created_at", "updated_at"):
            objs = Article.objects.bulk_create(objs)
        record(Article, [a.pk for a in objs])
        links = []
        assoc_links = []
        for article in objs:
            for tag in rng.sample(tags, rng.randint(0, min(3, len(tags)))):
                links.append(Through(article_id=article.pk, tag_id=tag.pk))
            if association_ids and rng.random() < 0.1:
                assoc_links.append(
                    AssocThrough(article_id=article.pk, association_id=rng.choice(association_ids))
                )
        Through.objects.bulk_create(links, batch_size=5000)
        AssocThrough.objects.bulk_create(assoc_links, batch_size=5000)
        progress.step(len(objs))


def make_aid(ctx, projects_count, transactions_count):
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
    start = ctx["numbers"]["donor"]
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
    start = ctx["numbers"]["project"]
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


# --- entry points ---------------------------------------------------------------------------


def _numbers():
    """Where this run's numbering starts, so that a second run adds rather than collides."""
    from aid.models import AidProject, Donor
    from congresses.models import Person
    from members.models import Association
    from news.models import Article, Tag

    return {
        "article": sample_ids(Article).count(),
        "association": sample_ids(Association).count(),
        "person": sample_ids(Person).count(),
        "tag": sample_ids(Tag).count(),
        "donor": sample_ids(Donor).count(),
        "project": sample_ids(AidProject).count(),
    }


def generate(counts, seed=1, batch=2000, out=sys.stdout, quiet=False, images=6):
    started = time.monotonic()
    ctx = {
        "rng": random.Random(seed),
        "batch": batch,
        "out": out,
        "quiet": quiet,
        "images": images,
    }
    with transaction.atomic():
        ctx["union"] = home_union(out)
        ctx["numbers"] = _numbers()
        associations = make_associations(ctx, counts["associations"])
        chapters = make_chapters(ctx, associations, counts["chapters"])
        make_members(ctx, associations, chapters, counts["members"])
        make_congresses(ctx, associations, counts["congresses"])
        make_articles(ctx, counts["articles"])
        make_aid(ctx, counts["aid_projects"], counts["transactions"])
    if connection.vendor == "postgresql":
        # Fresh statistics, so that the planner sees the new sizes at once.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from django.core.cache import cache

    cache.clear()
    out.write(f"sample data generated in {time.monotonic() - started:.1f}s\n")


def _removal_order():
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
    from congresses.models import Congress, ElectedBody, Mandate, Person
    from members.models import Association, Branch, Member, MembershipCount
    from news.models import Article, Category, Tag
    from unions.models import Union

    return [
        Transaction,
        Participant,
        ProjectSector,
        AidProject,
        Donor,
        ExchangeRate,
        Location,
        Sector,
        Article,
        Tag,
        Category,
        Mandate,
        ElectedBody,
        Congress,
        Person,
        Member,
        MembershipCount,
        Branch,
        Association,
        Union,
    ]


def remove(out=sys.stdout, chunk=2000):
    """Delete every row listed as sample (and the sample images); other rows stay."""
    started = time.monotonic()
    removed = {}
    for model in _removal_order():
        ct = ContentType.objects.get_for_model(model)
        ids = list(SampleRecord.objects.filter(content_type=ct).values_list("object_id", flat=True))
        if not ids:
            continue
        if model._meta.label == "unions.Union":
            from unions.models import SiteSettings

            SiteSettings.objects.filter(home_union_id__in=ids).update(home_union=None)
        progress = Progress(out, model._meta.model_name, len(ids))
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            with transaction.atomic():
                model.objects.filter(pk__in=part).delete()
                SampleRecord.objects.filter(content_type=ct, object_id__in=part).delete()
            progress.step(len(part))
        removed[model._meta.label] = len(ids)
    _remove_images()
    from django.core.cache import cache

    cache.clear()
    out.write(f"sample data removed in {time.monotonic() - started:.1f}s\n")
    return removed


def _remove_images():
    from portal.images import delete_image

    try:
        _dirs, files = default_storage.listdir(IMAGE_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return

    def walk(folder):
        dirs, files = default_storage.listdir(folder)
        for name in files:
            yield f"{folder}/{name}"
        for sub in dirs:
            if sub != "r":
                yield from walk(f"{folder}/{sub}")

    for name in list(walk(IMAGE_FOLDER)):
        delete_image(name)
