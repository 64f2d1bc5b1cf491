# ruff: noqa: E501 - prose in two languages reads better on one line (as in the demo modules)
"""Sample data of the congresses (portal.sampledata): congresses of the sample associations,
each with an executive committee of sample people."""

import datetime

from portal.sampledata import Progress, bulk, person_name, sample_ids, vi_slug

from .models import Congress, ElectedBody, Mandate, Person

ORDER = 30  # after members (the associations hold the congresses)
COUNTS = {"congresses": (40, "congresses of those associations, with elected bodies")}
SAMPLE_MODELS = [Mandate, ElectedBody, Congress, Person]


def generate(ctx):
    make_congresses(ctx, ctx.get("associations", []), ctx["counts"]["congresses"])


def make_congresses(ctx, associations, count):
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
    number = sample_ids(Person).count()
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
