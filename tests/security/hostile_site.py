"""Every field a person can fill, filled with the XSS corpus through the real forms.

`build()` posts the payloads through the admin (article title, summary and body; congress
texts; a person's name and titles; an aid project's texts; a donor's name) and the public
forms (readers' comments, the join form), then returns the pages that show the results,
for tests/security/test_xss.py (markup checks) and tests/browser/test_security_xss.py
(Chromium). Many payloads go into each page, so a handful of pages carry the corpus.
"""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.security.xss import PAYLOADS, admin_form_data, chunks

ALL = "\n".join(PAYLOADS)


def staff_client(username, role):
    client = Client()
    client.force_login(factories.staff_user(username, role))
    return client


def _post_admin(client, url, **fields):
    data = admin_form_data(client, url)
    data.update(fields)
    response = client.post(url, data)
    assert response.status_code == 302, (url, _errors(response))
    return response


def _errors(response):
    context = response.context or {}
    errors = context.get("errors") if hasattr(context, "get") else None
    return errors or response.content.decode()[:3000]


def articles(editor):
    """Articles whose titles carry the corpus (255 characters each), all with the full
    corpus in summary and body, in both languages; published."""
    from news.models import Article

    category = factories.category()
    add = reverse("admin:news_article_add")
    titles = chunks(PAYLOADS, 255)
    for title in titles:
        _post_admin(
            editor,
            add,
            title_vi=title,
            title_en=title,
            summary_vi=ALL,
            summary_en=ALL,
            body_vi=ALL,
            body_en=ALL,
            category=str(category.pk),
            author=PAYLOADS[0][:100],
            status="published",
        )
    found = list(Article.objects.filter(category=category).order_by("pk"))
    assert len(found) == len(titles)
    return found


def comments(article, editor):
    """One comment per payload (name and body) through the public form, then approved."""
    from news.models import Comment

    reader = Client()
    url = reverse("news:comment", kwargs={"slug": article.slug_vi})
    for n, payload in enumerate(PAYLOADS):
        response = reader.post(
            url,
            {
                "name": payload[:80],
                "email": "doc-gia@example.vn",
                "body": payload,
                "consent": "on",
            },
            # One address per comment: the rate limit is not what this test is about.
            REMOTE_ADDR=f"10.9.{n // 250}.{n % 250 + 1}",
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    ids = list(Comment.objects.filter(article=article).values_list("pk", flat=True))
    assert len(ids) == len(PAYLOADS)
    editor.post(
        reverse("admin:news_comment_changelist"),
        {"action": "approve", "_selected_action": ids},
    )
    assert Comment.objects.filter(pk__in=ids, status=Comment.Status.APPROVED).count() == len(ids)


def applications(association):
    """One application per payload through the public join form."""
    from members.models import MembershipApplication

    applicant = Client()
    url = reverse("members:join")
    for n, payload in enumerate(PAYLOADS):
        response = applicant.post(
            url,
            {
                "association": str(association.pk),
                "full_name": payload[:150],
                "email": "ung-vien@example.vn",
                "phone": "",
                "birth_year": "1990",
                "occupation": payload[:150],
                "motivation": payload,
                "consent": "on",
                "website": "",
            },
            REMOTE_ADDR=f"10.8.{n // 250}.{n % 250 + 1}",
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert MembershipApplication.objects.filter(association=association).count() == len(PAYLOADS)


def congress(secretariat, home_union):
    from congresses.models import Congress, ElectedBody, Mandate, Person

    item = Congress.objects.create(
        union=home_union,
        ordinal=9,
        term_start_year=2023,
        term_end_year=2028,
        held_from=datetime.date(2023, 8, 8),
        is_published=True,
    )
    url = reverse("admin:congresses_congress_change", args=[item.pk])
    _post_admin(
        secretariat,
        url,
        venue_vi=PAYLOADS[0][:255],
        venue_en=PAYLOADS[1][:255],
        guests_vi=ALL,
        guests_en=ALL,
        summary_vi=ALL,
        summary_en=ALL,
        directions_vi=ALL,
        directions_en=ALL,
    )
    body = ElectedBody.objects.create(congress=item, kind=ElectedBody.Kind.EXECUTIVE, size=3)
    people = []
    for name in chunks(PAYLOADS, 120)[:3]:
        person = Person.objects.create(full_name=f"Người {len(people)}")
        _post_admin(
            secretariat,
            reverse("admin:congresses_person_change", args=[person.pk]),
            full_name=name,
            titles_vi=ALL,
            titles_en=ALL,
        )
        Mandate.objects.create(body=body, person=person, position=Mandate.Position.MEMBER)
        person.refresh_from_db()
        people.append(person)
    item.refresh_from_db()
    return item, people


def aid_project(secretariat):
    from aid.codelists import ActivityStatus, OrganisationRole, ProjectKind
    from aid.models import AidProject, Donor, Participant

    project = AidProject.objects.create(
        reference="XSS-2024-01",
        title_vi="Dự án",
        title_en="Project",
        kind=ProjectKind.PROJECT,
        status=ActivityStatus.IMPLEMENTATION,
        year=2024,
        is_published=True,
    )
    _post_admin(
        secretariat,
        reverse("admin:aid_aidproject_change", args=[project.pk]),
        title_vi=chunks(PAYLOADS, 300)[0],
        title_en=chunks(PAYLOADS, 300)[1],
        description_vi=ALL,
        description_en=ALL,
        beneficiaries_vi=PAYLOADS[2][:200],
        beneficiaries_en=PAYLOADS[3][:200],
        coordinating_body=PAYLOADS[4][:200],
    )
    donor = Donor.objects.create(name_vi="Nhà tài trợ", slug="xss-donor", country="AU")
    _post_admin(
        secretariat,
        reverse("admin:aid_donor_change", args=[donor.pk]),
        name_vi=PAYLOADS[5][:200],
        name_en=PAYLOADS[6][:200],
        notes=ALL,
    )
    Participant.objects.create(project=project, donor=donor, role=OrganisationRole.FUNDING)
    project.refresh_from_db()
    return project


def build(home_union):
    """Fill every field; return the public URLs, the staff clients with their admin URLs,
    the articles and the congress."""
    with translation.override("vi"):
        return _build(home_union)


def _build(home_union):
    from members.models import Association
    from portal.roles import EDITOR, SECRETARIAT

    editor = staff_client("xss-editor", EDITOR)
    secretariat = staff_client("xss-secretariat", SECRETARIAT)
    association = Association.objects.create(
        name="Hội hữu nghị Việt Nam - Lào", slug="xss-viet-lao", union=home_union
    )
    found = articles(editor)
    first = found[0]
    comments(first, editor)
    applications(association)
    congress_item, people = congress(secretariat, home_union)
    project = aid_project(secretariat)

    public = []
    for language in ("vi", "en"):
        with translation.override(language):
            public += [
                reverse("home"),
                reverse("news:index"),
                reverse("news:category", kwargs={"slug": first.category.slug_for(language)}),
                *[a.get_absolute_url(language) for a in found],
                congress_item.get_absolute_url(),
                reverse("congresses:history"),
                reverse("congresses:leadership"),
                *[p.get_absolute_url() for p in people],
                project.get_absolute_url(),
                reverse("aid:projects"),
                reverse("aid:overview"),
            ]
            # Search results highlight the words found: markup of our own around theirs.
            for word in ("script", "onerror", "img", "svg", "javascript", "xss"):
                public.append(reverse("search:results") + f"?q={word}")
    staff = {
        "editor": (
            editor,
            [
                reverse("admin:news_article_changelist"),
                reverse("admin:news_article_change", args=[first.pk]),
                reverse("admin:news_comment_changelist"),
                reverse("admin:news_article_revisions", args=[first.pk]),
            ],
        ),
        "secretariat": (
            secretariat,
            [
                reverse("admin:members_membershipapplication_changelist"),
                reverse(
                    "admin:members_membershipapplication_change",
                    args=[association.pk and _first_application(association)],
                ),
                reverse("admin:congresses_congress_change", args=[congress_item.pk]),
                reverse("admin:congresses_person_change", args=[people[0].pk]),
                reverse("admin:aid_aidproject_change", args=[project.pk]),
                reverse("admin:aid_aidproject_changelist"),
                reverse("admin:aid_donor_changelist"),
            ],
        ),
    }
    return {"public": public, "staff": staff, "articles": found, "congress": congress_item}


def _first_application(association):
    from members.models import MembershipApplication

    return MembershipApplication.objects.filter(association=association).order_by("pk")[0].pk
