"""E-mail notifications: who is told of what, in their language, through the mail queue.

Every message goes through Django's mail API to django-mailer's database backend
(settings.EMAIL_BACKEND), so it is a row written in the transaction of the action that
caused it: a rolled-back action sends nothing, and a committed one never waits for SMTP.
The worker (`manage.py runmailer` or `send_mail`) delivers the rows and retries failures.

Each mail has three templates in templates/emails/: NAME_subject.txt, NAME.txt, NAME.html,
rendered with the recipient's language active, with absolute links (settings.SITE_URL).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Min
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal import roles

# The kinds a staff member can turn off (NotificationPreference's boolean fields).
ARTICLE_REVIEW = "article_review"
ARTICLE_DECISION = "article_decision"
COMMENT_DIGEST = "comment_digest"
APPLICATION_RECEIVED = "application_received"
KINDS = [ARTICLE_REVIEW, ARTICLE_DECISION, COMMENT_DIGEST, APPLICATION_RECEIVED]


def absolute(path):
    return settings.SITE_URL + path


def admin_url(name, *args, language):
    with translation.override(language):
        return absolute(reverse(name, args=args))


def send(template, address, language, context):
    """Queue one mail to one address, rendered in `language`."""
    with translation.override(language):
        context = {**context, "language": language, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
    message.attach_alternative(html, "text/html")
    message.send()


def staff_recipients(kind, users):
    """(address, language) of the active users with an address who have not turned `kind` off."""
    users = (
        users.filter(is_active=True)
        .exclude(email="")
        .exclude(**{f"notification_preference__{kind}": False})
        .select_related("notification_preference")
        .order_by("pk")
        .distinct()
    )
    result = []
    for user in users:
        preference = getattr(user, "notification_preference", None)
        result.append((user.email, preference.language if preference else "vi"))
    return result


def in_group(name):
    return get_user_model().objects.filter(groups__name=name)


def send_to_staff(kind, users, template, context_for):
    """Queue `template` to each of `users` who wants `kind`; context_for(language) -> context."""
    for address, language in staff_recipients(kind, users):
        send(template, address, language, context_for(language))


# Articles (news.admin calls these inside the transaction that changes the status).


def article_sent_for_review(article):
    send_to_staff(
        ARTICLE_REVIEW,
        in_group(roles.EDITOR),
        "article_review",
        lambda lang: {
            "article": article,
            "url": admin_url("admin:news_article_change", article.pk, language=lang),
        },
    )


def article_decided(article, template, note=""):
    """The writer of `article` is told it was published (template "article_published") or
    returned to draft (template "article_returned", with the editor's note)."""
    if article.created_by_id is None:
        return
    writer = get_user_model().objects.filter(pk=article.created_by_id)

    def context(lang):
        public = ""
        if template == "article_published":
            # An article without an English version is linked to in Vietnamese.
            path = article.get_absolute_url(lang) or article.get_absolute_url("vi")
            public = absolute(path) if path else ""
        return {
            "article": article,
            "note": note,
            "public_url": public,
            "url": admin_url("admin:news_article_change", article.pk, language=lang),
        }

    send_to_staff(ARTICLE_DECISION, writer, template, context)


# Join applications: the applicant is written to in the language of the form they used.


def secretariat_recipients(language_default="vi"):
    if settings.SECRETARIAT_EMAIL:
        return [(settings.SECRETARIAT_EMAIL, language_default)]
    return staff_recipients(APPLICATION_RECEIVED, in_group(roles.SECRETARIAT))


def application_received(application):
    for address, language in secretariat_recipients():
        send(
            "application_received",
            address,
            language,
            {
                "application": application,
                "url": admin_url(
                    "admin:members_membershipapplication_change", application.pk, language=language
                ),
            },
        )
    if application.email:
        send(
            "application_acknowledged",
            application.email,
            application.language,
            {"application": application},
        )


def application_decided(application):
    if not application.email:
        return
    template = (
        "application_accepted"
        if application.status == application.Status.ACCEPTED
        else "application_rejected"
    )
    send(template, application.email, application.language, {"application": application})


# For the Administrator's work queue (portal/workqueues.py).


def undelivered_mail():
    """Mail that could not be sent: {"count": n, "oldest": datetime or None}."""
    from mailer.models import Message

    row = Message.objects.deferred().aggregate(count=Count("pk"), oldest=Min("when_added"))
    return {"count": row["count"], "oldest": row["oldest"]}
