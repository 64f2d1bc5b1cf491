# ruff: noqa: E501 - prose in two languages reads better on one line (as in the demo modules)
"""Sample data of the friendship associations (portal.sampledata): associations of the home
union, their chapters, members and yearly membership counts."""

import datetime

from django.utils import timezone

from portal.sampledata import (
    COMMUNES,
    COUNTRIES,
    DISTRICTS,
    Progress,
    bulk,
    person_name,
    sample_ids,
    vi_slug,
)

from .models import Association, Branch, Member, MembershipCount

ORDER = 20  # after unions (the home union); congresses and news refer to the associations
COUNTS = {
    # option: (default, help)
    "associations": (20, "friendship associations of the home union"),
    "chapters": (100, "chapters of those associations"),
    "members": (2000, "individual members"),
}
SAMPLE_MODELS = [Member, MembershipCount, Branch, Association]

OCCUPATIONS = ["Giáo viên", "Bác sĩ", "Kỹ sư", "Cán bộ hưu trí", "Doanh nhân", "Sinh viên"]
OCCUPATIONS += ["Nông dân", "Phiên dịch viên", "Công chức"]


def check(counts):
    if counts["chapters"] and not counts["associations"]:
        raise ValueError("Chapters need at least one association (--associations).")


def generate(ctx):
    counts = ctx["counts"]
    associations = make_associations(ctx, counts["associations"])
    chapters = make_chapters(ctx, associations, counts["chapters"])
    make_members(ctx, associations, chapters, counts["members"])
    # The associations just made: congresses are held by them.
    ctx["associations"] = associations


def make_associations(ctx, count):
    rng, union, start = ctx["rng"], ctx["union"], sample_ids(Association).count()
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
