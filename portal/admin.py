"""User accounts in the admin: an Administrator manages accounts, not more than that.

Django's own UserAdmin lets anyone with `auth.change_user` tick "superuser status", grant
single permissions, or set a superuser's password: an Administrator could make themself
(or anyone) all-powerful, beyond the roles of portal/roles.py. Here permissions come from
the role groups only, and superuser accounts are left to superusers.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from portal import admin_privacy  # noqa: F401  (registers the erasure log)
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
