"""User accounts in the admin: an Administrator manages accounts, not more than that.

Django's own UserAdmin lets anyone with `auth.change_user` tick "superuser status", grant
single permissions, or set a superuser's password: an Administrator could make themself
(or anyone) all-powerful, beyond the roles of portal/roles.py. Here permissions come from
the role groups only, and superuser accounts are left to superusers.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from portal.two_factor import LoginForm

User = get_user_model()


class PortalUserAdmin(UserAdmin):
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

# The login form that asks for the password and a code together while a user name is under
# attack (portal/two_factor.py), and the page that shows its code field.
admin.site.login_form = LoginForm
admin.site.login_template = "admin/portal/login.html"
