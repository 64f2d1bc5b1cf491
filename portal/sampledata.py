# ruff: noqa: E501 - prose in two languages reads better on one line (as in the demo modules)
"""Sample data at scale for benchmarks and demonstrations (`generate_sample_data`).

Each app makes its own sample rows in `<app>/sampledata.py`, found through the app registry
(portal.registry) as `load_demo` finds each app's `demo.py`; this module holds what they share
(the word pools, bulk inserts, progress bars) and runs them. An app's module provides:

- `ORDER`: apps run in this order (lowest first) and are removed in the reverse order. It
  fixes the order of the random draws, so the same seed gives the same data, and an app
  comes after the apps whose sample rows it refers to (`ctx` carries them on).
- `COUNTS`: {name: (default, help)}, the `generate_sample_data` options it reads from
  `ctx["counts"]`; optionally `check(counts)`, raising ValueError for counts it cannot make.
- `generate(ctx)`: makes its rows.
- `SAMPLE_MODELS`: the models it makes rows of, children before parents; optionally
  `before_remove(model, ids)`, to let go of rows other code still points to.

Everything is written with bulk inserts (no `save()`), so whatever a model's `save()` would
compute is computed there too: slugs, the folded search columns of articles, a chapter's
union, a mandate's rank. Each row made is listed in `portal.SampleRecord`, which is how
`remove` finds exactly those rows again; image files live under `sample/` in the media
storage.

The text is assembled from parallel Vietnamese and English sentences about the work of a
friendship union, so that pages, search and feeds see text of the usual shape and size.
"""

import datetime
import random
import sys
import time
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection, transaction

from portal.models import SampleRecord
from portal.registry import app_modules
from portal.text import slug_from

FOLDER = "sample"  # where sample files are stored in the media storage
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


def vi_slug(text, number):
    return f"{slug_from(text, 150)}{SLUG_MARK}{number}"


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
    # portal.text.search_text sees them.
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


# --- entry points ---------------------------------------------------------------------------


def app_steps():
    """The apps' sample data modules (this one, portal's, aside), in the order they run."""
    modules = [
        module for _config, module in app_modules("sampledata") if module.__name__ != __name__
    ]
    return sorted(modules, key=lambda module: module.ORDER)


def counts_offered():
    """{name: (default, help)} of every app, in the order the apps run."""
    counts = {}
    for module in app_steps():
        counts.update(module.COUNTS)
    return counts


def check(counts):
    """ValueError if the apps cannot make these counts."""
    for name, value in counts.items():
        if value < 0:
            raise ValueError(f"--{name.replace('_', '-')} cannot be negative.")
    for module in app_steps():
        if hasattr(module, "check"):
            module.check(counts)


def generate(counts, seed=1, batch=2000, out=sys.stdout, quiet=False, images=6):
    started = time.monotonic()
    ctx = {
        "rng": random.Random(seed),
        "counts": counts,
        "batch": batch,
        "out": out,
        "quiet": quiet,
        "images": images,
    }
    with transaction.atomic():
        for module in app_steps():
            module.generate(ctx)
    if connection.vendor == "postgresql":
        # Fresh statistics, so that the planner sees the new sizes at once.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    cache.clear()
    out.write(f"sample data generated in {time.monotonic() - started:.1f}s\n")


def remove(out=sys.stdout, chunk=2000):
    """Delete every row listed as sample (and the sample images); other rows stay."""
    started = time.monotonic()
    removed = {}
    for module in reversed(app_steps()):
        for model in module.SAMPLE_MODELS:
            ct = ContentType.objects.get_for_model(model)
            ids = list(
                SampleRecord.objects.filter(content_type=ct).values_list("object_id", flat=True)
            )
            if not ids:
                continue
            if hasattr(module, "before_remove"):
                module.before_remove(model, ids)
            progress = Progress(out, model._meta.model_name, len(ids))
            for start in range(0, len(ids), chunk):
                part = ids[start : start + chunk]
                with transaction.atomic():
                    model.objects.filter(pk__in=part).delete()
                    SampleRecord.objects.filter(content_type=ct, object_id__in=part).delete()
                progress.step(len(part))
            removed[model._meta.label] = len(ids)
    _remove_images()
    cache.clear()
    out.write(f"sample data removed in {time.monotonic() - started:.1f}s\n")
    return removed


def _remove_images():
    from portal.images import delete_image

    try:
        default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return

    def walk(folder):
        dirs, files = default_storage.listdir(folder)
        for name in files:
            yield f"{folder}/{name}"
        for sub in dirs:
            if sub != "r":  # renditions: delete_image removes them with their image
                yield from walk(f"{folder}/{sub}")

    for name in list(walk(FOLDER)):
        delete_image(name)
