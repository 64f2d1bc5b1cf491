from django.contrib.auth.models import Group, Permission
from django.forms import inlineformset_factory
from django.utils import translation

from aid.admin import SectorShareFormSet
from aid.models import AidProject, ProjectSector, Sector


def formset(project, shares):
    FormSet = inlineformset_factory(
        AidProject,
        ProjectSector,
        formset=SectorShareFormSet,
        fields=["sector", "percentage"],
        extra=0,
    )
    data = {
        "sector_shares-TOTAL_FORMS": str(len(shares)),
        "sector_shares-INITIAL_FORMS": "0",
    }
    for index, (code, percentage) in enumerate(shares):
        data[f"sector_shares-{index}-sector"] = Sector.objects.get(code=code).pk
        data[f"sector_shares-{index}-percentage"] = percentage
    return FormSet(data, instance=project, prefix="sector_shares")


def test_sector_percentages_must_add_up_to_100(db):
    project = AidProject.objects.create(reference="A-1", title_vi="Thử", kind="project", year=2024)
    with translation.override("en"):
        bad = formset(project, [("14030", "60"), ("12220", "30")])
        assert not bad.is_valid()
        assert "add up to 90%; they must add up to 100%" in bad.non_form_errors()[0]
    with translation.override("vi"):
        bad = formset(project, [("14030", "60"), ("12220", "30")])
        assert not bad.is_valid()
        assert "100%" in bad.non_form_errors()[0]
    assert formset(project, [("14030", "60"), ("12220", "40")]).is_valid()
    assert formset(project, []).is_valid()


def test_role_permissions(db):
    def perms(role):
        group = Group.objects.get(name=role)
        return set(
            Permission.objects.filter(group=group, content_type__app_label="aid").values_list(
                "codename", flat=True
            )
        )

    assert {"change_aidproject", "add_transaction", "add_exchangerate"} <= perms("Secretariat")
    assert "view_aidproject" in perms("Leadership")
    assert "change_aidproject" not in perms("Leadership")
    assert "delete_donor" in perms("Administrator")
    assert not perms("Writer")


def test_sectors_loaded_from_the_fixture(db):
    sector = Sector.objects.get(code="72010")
    assert sector.name_en == "Material relief assistance and services"
    assert sector.name_vi
    assert Sector.objects.count() >= 30


def test_admin_pages_render(admin_client, aid_data):
    from django.urls import reverse

    project = aid_data["projects"][0]
    for name, args in [
        ("admin:aid_aidproject_changelist", []),
        ("admin:aid_aidproject_add", []),
        ("admin:aid_aidproject_change", [project.pk]),
        ("admin:aid_donor_changelist", []),
        ("admin:aid_transaction_changelist", []),
        ("admin:aid_exchangerate_changelist", []),
        ("admin:aid_location_changelist", []),
        ("admin:aid_sector_changelist", []),
    ]:
        assert admin_client.get(reverse(name, args=args)).status_code == 200, name
