# ruff: noqa: E501 - prose in two languages reads better on one line (as in the demo modules)
"""Sample data of the news (portal.sampledata): twenty years of articles in Vietnamese (about
40% also in English), with categories, tags, links to associations and reused cover images."""

import datetime
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.utils import timezone
from django.utils.text import slugify

from members.models import Association
from portal.images import process_upload
from portal.sampledata import (
    FOLDER,
    RARE_EVERY,
    SLUG_MARK,
    Progress,
    Writer,
    bulk,
    html,
    person_name,
    random_moment,
    record,
    sample_ids,
    search_indexes_deferred,
    stamps_as_given,
    vi_slug,
)
from portal.text import fold

from .models import Article, Category, Tag

ORDER = 40  # after members (articles link to associations) and congresses (the draws' order)
COUNTS = {"articles": (1000, "news articles (about 40%% also in English)")}
SAMPLE_MODELS = [Article, Tag, Category]
IMAGE_FOLDER = f"{FOLDER}/news"

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


def generate(ctx):
    make_articles(ctx, ctx["counts"]["articles"])


def folded_words(*plain_parts):
    """portal.text.search_text for text that is already free of tags."""
    return " ".join(fold(" ".join(plain_parts)).split())


def sample_images(stdout, limit=6):
    """A few stored images (with renditions) that every sample article reuses."""
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


def make_articles(ctx, count):
    rng = ctx["rng"]
    categories = list(Category.objects.filter(is_video=False))
    if not categories:
        made = []
        for i, (vi, en) in enumerate(CATEGORIES):
            made.append(
                Category(
                    name_vi=vi,
                    name_en=en,
                    slug_vi=vi_slug(vi, i),
                    slug_en=f"{slugify(en)}{SLUG_MARK}{i}",
                    position=50 + i,
                )
            )
        categories = bulk(Category, made, ctx["batch"])
    tags = list(Tag.objects.all()[:40])
    if len(tags) < len(TAGS):
        number = sample_ids(Tag).count()
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
    number = sample_ids(Article).count()
    deferred = search_indexes_deferred(Article) if count >= 5000 else nullcontext()
    with deferred:
        _article_batches(ctx, count, writer, categories, tags, association_ids, images, number)


def _article_batches(ctx, count, writer, categories, tags, association_ids, images, number):
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
                    # What Article.save() would store (portal.text.search_text).
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
