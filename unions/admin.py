from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .models import Cluster, ClusterLeadership, Milestone, SiteSettings, Union


class MergedFilter(admin.SimpleListFilter):
    title = _("merged")
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("yes", _("Merged")), ("no", _("Not merged"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        if self.value() == "no":
            return queryset.filter(merged_into__isnull=True)
        return queryset


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    extra = 0


@admin.register(Union)
class UnionAdmin(TabbedTranslationAdmin):
    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Union.delete() refuses merged unions; say so on the confirmation page.
        protected = list(protected) + [
            format_html("{}: {}", capfirst(Union._meta.verbose_name), union.merged_into)
            for union in objs
            if union.is_merged
        ]
        return to_delete, model_count, perms_needed, protected

    list_display = ("name", "short_name", "kind", "province", "cluster", "merged_into", "merged_on")
    list_filter = ("kind", "cluster", MergedFilter)
    list_select_related = ("cluster", "merged_into")
    search_fields = ("name_vi", "name_en", "short_name_vi", "province_vi", "province_en")
    prepopulated_fields = {"slug": ("name_vi",)}
    autocomplete_fields = ("parent", "cluster", "merged_into", "founding_document")
    readonly_fields = ("organisation",)
    inlines = [MilestoneInline]
    fieldsets = [
        (None, {"fields": ("kind", "name", "short_name", "slug", "province", "parent", "cluster")}),
        (
            _("Founding"),
            {
                "fields": (
                    "founded_on",
                    "founding_decision_number",
                    "founding_decision_date",
                    "founding_decision_issuer",
                    "founding_document",
                )
            },
        ),
        (_("Profile"), {"fields": ("motto", "description", "functions", "logo")}),
        (_("Contact"), {"fields": ("address", "phone", "fax", "email", "website")}),
        (_("Merger"), {"fields": ("merged_into", "merged_on")}),
        (_("Organisation"), {"fields": ("organisation",)}),
    ]

    @admin.display(description=_("organisation tree"))
    def organisation(self, obj):
        """Parent → this union → predecessors and associations, with their chapter counts."""
        if not obj or not obj.pk:
            return "–"
        from members.models import Association

        associations = Association.objects.filter(union=obj).annotate(n=Count("branches"))
        parts = [
            format_html(
                "<p>{} → {} → <strong>{}</strong></p>",
                obj.parent or "–",
                obj.cluster or _("no cluster"),
                obj,
            )
        ]
        predecessors = obj.predecessors.all()
        if predecessors:
            parts.append(
                format_html(
                    "<p>{}: {}</p>",
                    _("Predecessors"),
                    ", ".join(f"{p} ({p.merged_on:%d/%m/%Y})" for p in predecessors),
                )
            )
        if associations:
            parts.append(
                format_html(
                    "<ul>{}</ul>",
                    format_html_join(
                        "",
                        '<li><a href="{}">{}</a> ({} {})</li>',
                        (
                            (
                                reverse("admin:members_association_change", args=[a.pk]),
                                a,
                                a.n,
                                _("chapters"),
                            )
                            for a in associations
                        ),
                    ),
                )
            )
        return format_html("{}", format_html_join("", "{}", ((p,) for p in parts)))


class ClusterLeadershipInline(admin.TabularInline):
    model = ClusterLeadership
    extra = 0
    autocomplete_fields = ("union",)


@admin.register(Cluster)
class ClusterAdmin(TabbedTranslationAdmin):
    list_display = ("__str__", "union_count")
    search_fields = ("number",)
    readonly_fields = ("member_unions",)
    inlines = [ClusterLeadershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("unions"))

    @admin.display(description=_("unions"), ordering="n")
    def union_count(self, obj):
        return obj.n

    @admin.display(description=_("member unions"))
    def member_unions(self, obj):
        if not obj or not obj.pk:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}{}</li>",
                (
                    (u, f" → {u.merged_into}" if u.merged_into_id else "")
                    for u in obj.unions.select_related("merged_into")
                ),
            ),
        )


@admin.register(SiteSettings)
class SiteSettingsAdmin(TabbedTranslationAdmin):
    autocomplete_fields = ("home_union",)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
