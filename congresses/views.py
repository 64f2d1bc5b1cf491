"""Public pages: who leads now, the congresses of each term, one congress, one person.

Each page costs a fixed number of queries whatever the number of terms and mandates:
mandates are prefetched with their people, and re-elections are worked out in Python from
rows already loaded.
"""

import datetime
import functools
import html
from collections import defaultdict

from django.db.models import CharField, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from albums.links import congress_albums
from documents.models import public_documents
from news.models import Article
from portal.i18n import PathPattern, translated
from unions.models import SiteSettings

from .models import Congress, ElectedBody, Mandate, Person, congress_title

LEADING_BODIES = {
    ElectedBody.Kind.PRESIDIUM,
    ElectedBody.Kind.STANDING,
    ElectedBody.Kind.EXECUTIVE,
}
OFFICER_POSITIONS = [p for p in Mandate.Position.values if p != Mandate.Position.MEMBER]


def _today():
    return timezone.localdate()


def _home_union():
    return SiteSettings.current().home_union


def _can_preview(user):
    return user.is_active and user.is_staff and user.has_perm("congresses.view_congress")


def _org_key(congress):
    return ("union", congress.union_id) if congress.union_id else ("assoc", congress.association_id)


def _mark_reelections(mandates):
    """Set `reelected` on each mandate whose person held the same position in the same kind
    of body at the previous congress of the same organisation (all rows already loaded)."""
    held = {
        (_org_key(m.body.congress), m.body.congress.ordinal, m.body.kind, m.person_id, m.position)
        for m in mandates
    }
    for m in mandates:
        congress = m.body.congress
        m.reelected = (
            _org_key(congress),
            congress.ordinal - 1,
            m.body.kind,
            m.person_id,
            m.position,
        ) in held


def current_congress(organisation):
    """The organisation's congress whose term is running: the last published one already held.

    `organisation` is a union or an association.
    """
    if organisation is None:
        return None
    return (
        Congress.objects.published()
        .held_by(organisation)
        .filter(held_from__lte=_today())
        .order_by("-term_start_year")
        .first()
    )


def mandates_valid_today():
    today = _today()
    return (
        Mandate.objects.filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("person")
    )


def current_officers(organisation):
    """The organisation chart's tiers of the organisation's current leading bodies."""
    congress = current_congress(organisation)
    if congress is None:
        return []
    mandates = mandates_valid_today().filter(body__congress=congress, body__kind__in=LEADING_BODIES)
    return _officer_tiers(list(mandates))


def _officer_tiers(mandates):
    """The organisation chart: one tier per position, each person once, at their top position."""
    best = {}
    for m in sorted(mandates, key=lambda m: (m.rank, m.order)):
        if m.is_officer and m.person_id not in best:
            best[m.person_id] = m
    tiers = defaultdict(list)
    for m in best.values():
        tiers[m.position].append(m)
    labels = dict(Mandate.Position.choices)
    return [
        {"position": pos, "label": labels[pos], "mandates": tiers[pos]}
        for pos in OFFICER_POSITIONS
        if tiers[pos]
    ]


def leadership(request):
    union = _home_union()
    congress = current_congress(union)
    bodies, tiers = [], []
    if congress is not None:
        bodies = list(
            congress.bodies.prefetch_related(Prefetch("mandates", queryset=mandates_valid_today()))
        )
        # The Inspection Committee checks the leadership; its head is not an officer of the union.
        tiers = _officer_tiers(
            [m for body in bodies if body.kind in LEADING_BODIES for m in body.mandates.all()]
        )
    return render(
        request,
        "congresses/leadership.html",
        {"union": union, "congress": congress, "bodies": bodies, "tiers": tiers},
    )


def history(request):
    union = _home_union()
    officers = Mandate.objects.filter(position__in=OFFICER_POSITIONS).select_related("person")
    congresses = []
    if union is not None:
        congresses = list(
            Congress.objects.published()
            .filter(union=union)
            .select_related("union")
            .prefetch_related(
                Prefetch(
                    "bodies",
                    queryset=ElectedBody.objects.prefetch_related(
                        Prefetch("mandates", queryset=officers)
                    ),
                )
            )
            .order_by("-term_start_year")
        )
    all_officers = []
    for congress in congresses:
        leaders = {}
        for body in congress.bodies.all():
            for m in body.mandates.all():
                m.body = body
                body.congress = congress
                all_officers.append(m)
                if body.kind not in LEADING_BODIES:
                    continue
                # A person is listed once per term, at their highest position.
                if m.person_id not in leaders or m.rank < leaders[m.person_id].rank:
                    leaders[m.person_id] = m
        congress.leaders = sorted(leaders.values(), key=lambda m: (m.rank, m.start_date, m.order))
    _mark_reelections(all_officers)
    # Links made from one reverse() per kind: the page links every congress of every
    # organisation, and a reverse() each was a fifth of its time.
    language = translation.get_language()
    congress_path = PathPattern("congresses:congress", "slug")
    person_path = PathPattern("congresses:person", "slug")
    for congress in congresses:
        congress.url = congress_path(congress.slug, language)
    for mandate in all_officers:
        mandate.person.url = person_path(mandate.person.slug, language)
    return render(
        request,
        "congresses/history.html",
        {
            "union": union,
            "congresses": congresses,
            "others": _other_congresses(union, congress_path, language),
            "today": _today(),
        },
    )


def _other_congresses(union, congress_path, language):
    """The list items of every other organisation's congresses, made from values(): the
    list is long (every association's congresses), and a model instance and a template
    loop for each was a third of the page's time."""
    others = Congress.objects.published()
    if union is not None:
        others = others.exclude(union=union).order_by("-term_start_year")
    rows = others.values_list(
        "slug",
        "ordinal",
        "of_delegates",
        "is_sample",
        "term_start_year",
        "term_end_year",
        Coalesce(
            translated("union__name", language),
            translated("association__name", language),
            output_field=CharField(),
        ),
    )
    # Escaped strings joined (html.escape is Django's escape without a SafeString for each
    # part), and each title made once per language: format_html and the titles' translations
    # for 120 congresses were a quarter of the page's time (under cProfile).
    return mark_safe(  # noqa: S308 - every part is escaped
        "\n".join(
            f'<li><a href="{html.escape(congress_path(slug, language))}">'
            f"{html.escape(_title(*title, language))}</a> "
            f'<span class="muted">– {html.escape(organisation or "")}</span></li>'
            for slug, *title, organisation in rows
        )
    )


@functools.lru_cache(maxsize=1024)
def _title(ordinal, of_delegates, is_sample, start, end, language):
    """congress_title in `language`, the active one (a key of the cache: the words depend
    on it)."""
    return congress_title(ordinal, of_delegates, is_sample, start, end)


def related_articles(congress, limit=6):
    """News about the congress: articles concerning its organisation published around it."""
    start = congress.held_from - datetime.timedelta(days=30)
    end = (congress.held_to or congress.held_from) + datetime.timedelta(days=60)
    return list(
        Article.objects.published()
        .concerning(congress.organisation)
        .filter(published_at__date__range=(start, end))
        .for_list()
        .order_by("-published_at")[:limit]
    )


def congress_detail(request, slug):
    qs = Congress.objects.select_related("union", "association").prefetch_related(
        Prefetch(
            "bodies",
            queryset=ElectedBody.objects.prefetch_related(
                Prefetch("mandates", queryset=Mandate.objects.select_related("person"))
            ),
        ),
        "documents",
        "photos",
        # Official documents linked to the congress (documents.Document.congresses).
        public_documents("official_documents"),
        congress_albums(),
    )
    if not _can_preview(request.user):
        qs = qs.published()
    congress = qs.filter(slug=slug).first()
    if congress is None:
        raise Http404
    mandates = []
    for body in congress.bodies.all():
        body.congress = congress
        for m in body.mandates.all():
            m.body = body
            mandates.append(m)
    # Re-elections: the officers of the previous congress of the same organisation.
    previous = Mandate.objects.none()
    if congress.ordinal > 1:
        org = (
            {"body__congress__union_id": congress.union_id}
            if congress.union_id
            else {"body__congress__association_id": congress.association_id}
        )
        previous = Mandate.objects.filter(
            body__congress__ordinal=congress.ordinal - 1,
            body__congress__is_published=True,
            person_id__in={m.person_id for m in mandates},
            **org,
        ).select_related("body__congress")
    _mark_reelections(mandates + list(previous))
    return render(
        request,
        "congresses/congress_detail.html",
        {
            "congress": congress,
            "bodies": list(congress.bodies.all()),
            "documents": list(congress.documents.all()),
            "photos": list(congress.photos.all()),
            "articles": related_articles(congress),
        },
    )


def person_detail(request, slug):
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        raise Http404
    mandates = list(
        person.mandates.filter(body__congress__is_published=True)
        .select_related("body__congress__union", "body__congress__association")
        .order_by("-body__congress__term_start_year", "body__position", "start_date")
    )
    if not mandates:
        # Only office holders of published congresses have a public page.
        raise Http404
    _mark_reelections(mandates)
    # One row per term and position: a President sits on the Standing and the Executive
    # Committee, which reads as one office held.
    rows = {}
    for m in mandates:
        key = (m.body.congress_id, m.position, m.start_date, m.end_date)
        if key not in rows:
            rows[key] = {"mandate": m, "bodies": [], "reelected": False}
        rows[key]["bodies"].append(m.body)
        rows[key]["reelected"] = rows[key]["reelected"] or m.reelected
    return render(
        request,
        "congresses/person_detail.html",
        {"person": person, "mandates": mandates, "rows": list(rows.values()), "today": _today()},
    )
