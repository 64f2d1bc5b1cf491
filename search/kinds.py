"""What the portal's search finds besides articles: one declaration per kind of object.

A kind says which objects are public (`public`: a queryset), what a result shows of one
(`describe`, called once per language with that language active: title, summary, address,
the words it is found by) and its date. `also` names the models whose saves change what
another object's entry shows or whether it is public (an elected person becomes public when
their congress is published): search.index re-indexes the objects `also` gives.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from portal.text import plain_text


@dataclass(frozen=True)
class Kind:
    key: str  # the value of ?kind= (stays English in both languages, like ?page=)
    label: str
    model: str
    public: object  # model class -> queryset of the public objects
    describe: object  # object -> {"title", "summary", "url", "text", "date"}
    visible_from: object = None  # object -> datetime from which it is public, or None
    also: dict = field(default_factory=dict)  # "app.Model" -> instance -> iterable of objects

    def model_class(self):
        return apps.get_model(self.model)


def _short(text):
    """A result's summary: its first 40 words."""
    return Truncator(text or "").words(40)


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _person(person):
    titles = _lines(person.titles)
    latest = (
        person.mandates.filter(body__congress__is_published=True)
        .select_related("body__congress__union", "body__congress__association")
        .order_by("-body__congress__term_start_year", "body__position")
        .first()
    )
    office = []
    if latest:
        congress = latest.body.congress
        office = [
            f"{latest.get_position_display()}, {congress.organisation} ({congress.term_label})"
        ]
    return {
        "title": person.full_name,
        # Their office here, else the titles they hold elsewhere.
        "summary": "; ".join(office or titles),
        "url": person.get_absolute_url(),
        "text": [person.full_name, *titles],
        "date": None,
    }


def _public_people(model):
    return model.objects.filter(mandates__body__congress__is_published=True).distinct()


def _congress(congress):
    organisation = congress.organisation
    return {
        "title": congress.title,
        "summary": str(organisation or ""),
        "url": congress.get_absolute_url(),
        "text": [
            congress.title,
            str(organisation or ""),
            congress.venue,
            plain_text(congress.summary),
        ],
        "date": congress.held_from,
    }


def _association(association):
    return {
        "title": association.name,
        "summary": _short(plain_text(association.description)),
        "url": association.get_absolute_url(),
        "text": [association.name, plain_text(association.description)],
        "date": None,
    }


def _union(union):
    return {
        "title": union.name,
        "summary": union.province or "",
        "url": union.get_absolute_url(),
        "text": [union.name, union.short_name, union.province],
        "date": union.founded_on,
    }


def _project(project):
    return {
        "title": project.title,
        "summary": _short(plain_text(project.description)),
        "url": project.get_absolute_url(),
        "text": [project.reference, project.title, plain_text(project.description)],
        "date": None,
    }


def _document(document):
    return {
        # The number first: it is how a document is cited ("121/QĐ-UBND").
        "title": f"{document.number} – {document.heading}",
        "summary": _short(plain_text(document.summary)),
        "url": document.get_absolute_url(),
        # The document's own folded columns (documents.search: titles, summaries and signer
        # of both languages), with what only this search offers: the kind and the issuer.
        "text": [
            document.number,
            document.search_title,
            document.search_text,
            document.get_kind_display(),
            str(document.issuer),
        ],
        "date": document.date_issued,
    }


def _event(event):
    organiser = event.union or event.association
    return {
        "title": event.title,
        "summary": " · ".join(str(p) for p in (event.place, organiser) if p),
        "url": event.get_absolute_url(),
        "text": [event.title, event.summary, event.place, str(organiser or "")],
        "date": event.start_date,
    }


def _album(album):
    return {
        "title": album.title,
        "summary": _short(album.description),
        # None in a language the album has no title in: not found in that language.
        "url": album.get_absolute_url(),
        "text": [album.title, album.description],
        "date": album.date,
    }


def _people_of_congress(congress):
    from congresses.models import Person

    return Person.objects.filter(mandates__body__congress=congress).distinct()


KINDS = [
    Kind(
        key="documents",
        label=_("Official documents"),
        model="documents.Document",
        public=lambda model: model.objects.published().select_related("issuer"),
        describe=_document,
        also={"documents.Issuer": lambda issuer: issuer.documents.all()},
    ),
    Kind(
        key="events",
        label=_("Events"),
        model="events.Event",
        public=lambda model: model.objects.published().select_related("union", "association"),
        describe=_event,
    ),
    Kind(
        key="albums",
        label=_("Albums"),
        model="albums.Album",
        # Published in either language; the address says in which (search.index).
        public=lambda model: model.objects.filter(is_published=True),
        describe=_album,
    ),
    Kind(
        key="people",
        label=_("People"),
        model="congresses.Person",
        public=_public_people,
        describe=_person,
        also={
            "congresses.Congress": _people_of_congress,
            "congresses.Mandate": lambda mandate: [mandate.person],
        },
    ),
    Kind(
        key="congresses",
        label=_("Congresses"),
        model="congresses.Congress",
        public=lambda model: model.objects.published().select_related("union", "association"),
        describe=_congress,
        also={
            "unions.Union": lambda union: union.congresses.all(),
            "members.Association": lambda association: association.congresses.all(),
        },
    ),
    Kind(
        key="associations",
        label=_("Associations"),
        model="members.Association",
        public=lambda model: model.objects.all(),
        describe=_association,
    ),
    Kind(
        key="unions",
        label=_("Unions"),
        model="unions.Union",
        public=lambda model: model.objects.all(),
        describe=_union,
    ),
    Kind(
        key="projects",
        label=_("Aid projects"),
        model="aid.AidProject",
        public=lambda model: model.objects.published(),
        describe=_project,
    ),
]

BY_KEY = {kind.key: kind for kind in KINDS}
