from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import SiteSettings, Union


@admin.register(Union)
class UnionAdmin(TabbedTranslationAdmin):
    list_display = ("name", "short_name", "kind", "province")
    list_filter = ("kind",)
    search_fields = ("name_vi", "name_en", "short_name_vi", "province_vi")
    prepopulated_fields = {"slug": ("name_vi",)}
    autocomplete_fields = ("parent",)


@admin.register(SiteSettings)
class SiteSettingsAdmin(TabbedTranslationAdmin):
    autocomplete_fields = ("home_union",)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
