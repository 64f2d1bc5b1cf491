"""User accounts in the admin: an Administrator manages accounts, not more than that.

Django's own UserAdmin lets anyone with `auth.change_user` tick "superuser status", grant
single permissions, or set a superuser's password: an Administrator could make themself
(or anyone) all-powerful, beyond the roles of portal/roles.py. Here permissions come from
the role groups only, and superuser accounts are left to superusers.
"""

from types import SimpleNamespace
from urllib.parse import parse_qsl, quote

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import quote as admin_quote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.paginator import EmptyPage
from django.db import connections
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import RFC3986_SUBDELIMS, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import admin_privacy  # noqa: F401  (registers the erasure log)
from portal.paginator import IdsFirstPaginator
from portal.two_factor import LoginForm

User = get_user_model()


class SecondFactorFilter(admin.SimpleListFilter):
    """Staff who must sign in with a second factor and have not enrolled one: the
    Administrator's work queue on the admin index links here (portal.workqueues)."""

    title = _("second factor")
    parameter_name = "second_factor"

    def lookups(self, request, model_admin):
        return [("missing", _("Required but not enrolled"))]

    def queryset(self, request, queryset):
        from portal.workqueues import staff_without_second_factor

        if self.value() == "missing":
            return staff_without_second_factor(queryset)
        return queryset


class PortalUserAdmin(UserAdmin):
    list_filter = (*UserAdmin.list_filter, SecondFactorFilter)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


# Long change lists (articles, members, aid transactions, comments).


class LargeListPaginator(IdsFirstPaginator):
    """The paginator of the admin's long change lists: its cost does not grow with the table.

    Django's counts every row the list's filters match, on each request. Here one query counts
    them up to `count_limit` only. A list with more is shown as "more than 10,000" (`count_is`
    "more_than"), or, when nothing filters it and the database is PostgreSQL, "about N" from
    the table's statistics (pg_class.reltuples, refreshed by autovacuum's ANALYZE; read in the
    same query). `count` is then a number of pages' worth to link to, and any page past it can
    still be opened by its number (an empty page past the real end is an error, as usual).

    A page's ids are read first, then those rows (IdsFirstPaginator).
    """

    count_limit = 10_000

    @cached_property
    def count(self):
        return self._counted[0]

    @cached_property
    def count_is(self):
        """What `count` is: "exact", "about" (the table's estimate) or "more_than"."""
        return self._counted[1]

    @cached_property
    def _counted(self):
        queryset = self.object_list
        capped = queryset.order_by().values("pk")[: self.count_limit + 1]
        estimate = None
        connection = connections[queryset.db]
        if connection.vendor == "postgresql" and not queryset.query.where:
            # Nothing filters the list: the table's row estimate too, in the same query.
            sql, params = capped.query.get_compiler(connection=connection).as_sql()
            # sql is Django's compiled query; every value in it is a parameter.
            both = (
                f"SELECT (SELECT COUNT(*) FROM ({sql}) AS capped), "  # noqa: S608
                "(SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass)"
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    both, [*params, connection.ops.quote_name(queryset.model._meta.db_table)]
                )
                counted, estimate = cursor.fetchone()
        else:
            counted = capped.count()
        if counted <= self.count_limit:
            return counted, "exact"
        if estimate is not None:
            return max(estimate, counted), "about"
        return counted, "more_than"

    def validate_number(self, number):
        if self.count_is == "exact":
            return super().validate_number(number)
        # Past the estimate: the page is read, and is an error only if it is empty.
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            return super().validate_number(number)  # the usual PageNotAnInteger
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number


class YearListFilter(admin.FieldListFilter):
    """A date (or date-time) column by year, in place of `date_hierarchy`.

    Django's date hierarchy asks the database for the distinct years (then months, days) of
    the filtered list on every request: a pass over every matching row (40 ms for 100,000
    articles unfiltered, 360 ms with a search). Here the years run from the first to the last
    date of the whole table (MIN and MAX: two steps in an index on the column), newest first;
    a year without rows gives an empty list. The parameter is the date hierarchy's own
    (`published_at__year=2024`), so its links keep working.

        list_filter = (..., ("published_at", YearListFilter))
    """

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.lookup_kwarg = f"{field_path}__year"
        self.lookup_val = params.get(self.lookup_kwarg)
        super().__init__(field, request, params, model, model_admin, field_path)
        bounds = model._default_manager.aggregate(first=Min(field_path), last=Max(field_path))
        if bounds["first"] is None:
            self.years = []
        else:
            first, last = (self._year(bounds[key]) for key in ("first", "last"))
            self.years = list(range(last, first - 1, -1))

    @staticmethod
    def _year(value):
        if hasattr(value, "tzinfo") and timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.year

    def expected_parameters(self):
        return [self.lookup_kwarg]

    def has_output(self):
        return bool(self.years)

    def get_facet_counts(self, pk_attname, filtered_qs):
        from django.db.models import Count, Q

        return {
            f"{year}__c": Count(pk_attname, filter=Q(**{self.lookup_kwarg: year}))
            for year in self.years
        }

    def choices(self, changelist):
        add_facets = changelist.add_facets
        facet_counts = self.get_facet_queryset(changelist) if add_facets else None
        selected = self.lookup_val[-1] if self.lookup_val else None
        yield {
            "selected": selected is None,
            "query_string": changelist.get_query_string(remove=[self.lookup_kwarg]),
            "display": gettext("All"),
        }
        for year in self.years:
            title = str(year)
            if add_facets:
                title = f"{title} ({facet_counts[f'{year}__c']})"
            yield {
                "selected": selected == str(year),
                "query_string": changelist.get_query_string({self.lookup_kwarg: year}),
                "display": title,
            }


class LargeListChangeList(ChangeList):
    """The rows' links to their change forms built from one reverse() a page. Django reverses
    the change URL for each of the 100 rows, and once the list has a filter or a page number
    (preserved for the way back) it also resolves each row's link to tell whether it is the
    list itself: a third of page 500's time. The links are the same, query string included."""

    PLACEHOLDER = "0row0"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_query = ""
        if self.preserved_filters and not self.is_popup:
            # What add_preserved_filters() makes of a change link: the filters under
            # _changelist_filters. It then finds nothing left to add.
            self.row_query = "?" + urlencode(dict(parse_qsl(self.preserved_filters)))
            self.preserved_filters = ""

    @cached_property
    def change_url_parts(self):
        url = super().url_for_result(SimpleNamespace(**{self.pk_attname: self.PLACEHOLDER}))
        prefix, _mark, suffix = url.partition(self.PLACEHOLDER)
        return prefix, suffix

    def url_for_result(self, result):
        prefix, suffix = self.change_url_parts
        # The admin's own quote(), then reverse()'s.
        pk = quote(
            str(admin_quote(getattr(result, self.pk_attname))), safe=RFC3986_SUBDELIMS + "/~:@"
        )
        return prefix + pk + suffix + self.row_query


class LargeListAdminMixin:
    """For the ModelAdmin of a table that grows without bound: no second count of the whole
    table (`show_full_result_count`), LargeListPaginator, 50 rows a page, the row's action
    checkbox written directly (Django renders a widget template for each row: a fifth of the
    page), and the rows' links built from one pattern (LargeListChangeList).
    The templates admin/pagination.html, search_form.html and actions.html say "about" or
    "more than" when the paginator did not count every row."""

    paginator = LargeListPaginator
    show_full_result_count = False
    # Half of Django's 100: what a writer scans before searching or filtering, and the rows
    # are most of the page's cost (about 1 ms each with their links, dates and choices).
    list_per_page = 50
    # Long text the list's rows never show, left out of the page's query (not of the actions').
    list_defer = ()

    def get_changelist(self, request, **kwargs):
        return LargeListChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if self.list_defer:
            queryset = queryset.defer(*self.list_defer)
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)

    def action_checkbox(self, obj):
        # The markup of Django's CheckboxInput with the same attributes.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" shortcut (`r/<content type>/<id>/`), in place of Django's.

    Django's redirects any staff member to any object's public address: the slug of an article
    still in draft, of an unpublished congress or aid project, to someone whose role may not
    even read it. And an object without an address in the current language (an article with no
    English version, under /en/) made it fail with a 500. Here the object must be one the
    staff member can see in its own admin (its queryset, view or change permission), an object
    not yet public goes to the admin's preview when the admin has one, and an object with no
    address in this language is a 404.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.http import Http404
    from django.shortcuts import redirect
    from django.urls import NoReverseMatch

    from portal.i18n import is_local

    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        model = None
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        raise Http404
    try:
        obj = model_admin.get_object(request, object_id)
    except (ValueError, TypeError):
        obj = None
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    public = getattr(obj, "is_public", getattr(obj, "is_published", True))
    try:
        if not public and callable(model_admin.view_on_site):
            url = model_admin.view_on_site(obj)  # the staff preview
        elif hasattr(obj, "get_absolute_url"):
            url = obj.get_absolute_url()
        else:
            url = None
    except NoReverseMatch:
        url = None
    if not url or not is_local(url):
        raise Http404
    return redirect(url)


# The login form that asks for the password and a code together while a user name is under
# attack (portal/two_factor.py), and the page that shows its code field.
admin.site.login_form = LoginForm
admin.site.login_template = "admin/portal/login.html"


def _translated_fieldsets(admin_class):
    """django-otp's admin with its fieldset titles (plain str there) from our catalogue."""
    from portal.third_party import OTP_FIELDSETS

    class Translated(admin_class):
        def get_fieldsets(self, request, obj=None):
            return [
                (OTP_FIELDSETS.get(name, name), options)
                for name, options in super().get_fieldsets(request, obj)
            ]

    Translated.__name__ = admin_class.__name__
    return Translated


def _retitle_otp_admins():
    from axes.models import AccessAttempt
    from django.utils.translation import gettext_lazy

    # axes names its state column after the method: a plain "Status" no catalogue reads.
    attempts = admin.site._registry.get(AccessAttempt)
    if attempts is not None and hasattr(attempts, "status"):
        type(attempts).status.short_description = gettext_lazy("Status")

    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            current = type(admin.site._registry[model])
            admin.site.unregister(model)
            admin.site.register(model, _translated_fieldsets(current))


_retitle_otp_admins()


def _retitle_mailer_admins():
    """django-mailer's list columns and action, named in our catalogue (plain str there)."""
    from django.utils.translation import gettext_lazy
    from mailer import admin as mailer_admin
    from mailer.models import Message

    mailer_admin.show_to.short_description = gettext_lazy("To")
    mailer_admin.show_subject.short_description = gettext_lazy("Subject")
    Message.subject.fget.short_description = gettext_lazy("Subject")
    mailer_admin.MessageAdminMixin.plain_text_body.short_description = gettext_lazy("Text")
    mailer_admin.MessageAdmin.send_messages.short_description = gettext_lazy(
        "Send the selected messages now"
    )


_retitle_mailer_admins()
