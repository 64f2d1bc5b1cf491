"""IATI activities XML (version 2.03) for published aid projects.

Element order follows the 2.03 schema's sequences; every text carries a
`narrative` per language with its `xml:lang`. Staff-only data (donor contacts,
internal notes) is never written.
"""

import xml.etree.ElementTree as ET

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from portal.xmltext import xml_safe
from unions.models import SiteSettings

from .models import AidProject, Participant, ProjectSector, Transaction

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = ("vi", "en")
# IATI organisation type of a provincial union: a body of the public sector (15).
REPORTING_ORG_TYPE = "15"


def reporting_org():
    union = SiteSettings.current().home_union
    ref = getattr(settings, "AID_IATI_REPORTING_ORG_REF", "") or (
        f"VN-UFO-{union.slug.upper()}" if union else "VN-UFO"
    )
    names = {code: getattr(union, f"name_{code}", "") for code in LANGUAGES} if union else {}
    return ref, names


def identifier(project, org_ref):
    return f"{org_ref}-{project.reference}"


def _narratives(parent, values):
    written = False
    for code in LANGUAGES:
        text = xml_safe(values.get(code) or "").strip()
        if text:
            ET.SubElement(parent, "narrative", {XML_LANG: code}).text = text
            written = True
    if not written:
        ET.SubElement(parent, "narrative").text = "-"


def _translated(obj, name):
    return {code: getattr(obj, f"{name}_{code}", "") for code in LANGUAGES}


def projects_for_export(queryset=None):
    queryset = queryset if queryset is not None else AidProject.objects.published()
    return queryset.prefetch_related(
        Prefetch("participants", queryset=Participant.objects.select_related("donor")),
        Prefetch("sector_shares", queryset=ProjectSector.objects.select_related("sector")),
        Prefetch("transactions", queryset=Transaction.objects.select_related("donor")),
        "districts",
        "communes",
    ).order_by("reference")


def activities_xml(projects):
    org_ref, org_names = reporting_org()
    root = ET.Element(
        "iati-activities",
        {
            "version": "2.03",
            "generated-datetime": timezone.now().replace(microsecond=0).isoformat(),
        },
    )
    for project in projects:
        _activity(root, project, org_ref, org_names)
    _make_xml_safe(root)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _make_xml_safe(root):
    # Rows written without save() (QuerySet.update(), bulk_create, SQL) may still hold
    # characters XML 1.0 cannot carry; one of them would make the whole feed unreadable.
    for element in root.iter():
        element.text = xml_safe(element.text)
        for name, value in element.attrib.items():
            element.attrib[name] = xml_safe(value)


def _activity(root, project, org_ref, org_names):
    activity = ET.SubElement(
        root,
        "iati-activity",
        {
            "last-updated-datetime": project.updated_at.replace(microsecond=0).isoformat(),
            XML_LANG: "vi",
            "default-currency": "VND",
        },
    )
    ET.SubElement(activity, "iati-identifier").text = identifier(project, org_ref)
    reporting = ET.SubElement(
        activity, "reporting-org", {"ref": org_ref, "type": REPORTING_ORG_TYPE}
    )
    _narratives(reporting, org_names)
    _narratives(ET.SubElement(activity, "title"), _translated(project, "title"))
    _narratives(
        ET.SubElement(activity, "description", {"type": "1"}), _translated(project, "description")
    )
    participants = list(project.participants.all())
    for participant in participants:
        attrs = {"role": participant.role, "type": participant.donor.organisation_type}
        if participant.donor.iati_identifier:
            attrs["ref"] = participant.donor.iati_identifier
        org = ET.SubElement(activity, "participating-org", attrs)
        _narratives(org, _translated(participant.donor, "name"))
    if not participants:
        # The schema wants one participant; the reporting union is at least accountable.
        org = ET.SubElement(
            activity, "participating-org", {"role": "2", "ref": org_ref, "type": REPORTING_ORG_TYPE}
        )
        _narratives(org, org_names)
    ET.SubElement(activity, "activity-status", {"code": project.status})
    dates = [
        ("1", project.planned_start),
        ("2", project.actual_start),
        ("3", project.planned_end),
        ("4", project.actual_end),
    ]
    written = False
    for code, value in dates:
        if value:
            ET.SubElement(activity, "activity-date", {"type": code, "iso-date": value.isoformat()})
            written = True
    if not written:
        start = project.decision_date or f"{project.year}-01-01"
        ET.SubElement(activity, "activity-date", {"type": "1", "iso-date": str(start)})
    ET.SubElement(activity, "recipient-country", {"code": "VN", "percentage": "100"})
    for place in [*project.districts.all(), *project.communes.all()]:
        location = ET.SubElement(activity, "location", {"ref": f"{org_ref}-LOC-{place.pk}"})
        _narratives(ET.SubElement(location, "name"), _translated(place, "name"))
    for share in project.sector_shares.all():
        ET.SubElement(
            activity,
            "sector",
            {"vocabulary": "1", "code": share.sector.code, "percentage": f"{share.percentage:f}"},
        )
    for transaction in project.transactions.all():
        element = ET.SubElement(
            activity, "transaction", {"ref": transaction.reference} if transaction.reference else {}
        )
        ET.SubElement(element, "transaction-type", {"code": transaction.transaction_type})
        ET.SubElement(element, "transaction-date", {"iso-date": transaction.date.isoformat()})
        ET.SubElement(
            element,
            "value",
            {"currency": transaction.currency, "value-date": transaction.value_date.isoformat()},
        ).text = f"{transaction.amount:f}"
        if transaction.description:
            _narratives(ET.SubElement(element, "description"), {"vi": transaction.description})
        provider_attrs = {"type": transaction.donor.organisation_type}
        if transaction.donor.iati_identifier:
            provider_attrs["ref"] = transaction.donor.iati_identifier
        provider = ET.SubElement(element, "provider-org", provider_attrs)
        _narratives(provider, _translated(transaction.donor, "name"))
