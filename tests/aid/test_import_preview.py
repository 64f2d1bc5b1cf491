"""Issue 13, part 3 (import semantics) and issue 16, part 4: a preview before anything is
written, a confirmation that writes it all or nothing, a natural key so that money is never
counted twice, the permissions of what an import changes, a revision to undo it."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from aid.imports import import_file
from aid.models import AidProject, ExchangeRate, PendingImport, Transaction
from portal import revisions
from portal.roles import ADMINISTRATOR
from tests.factories import staff_user

TRANSACTIONS = (
    "project,type,date,amount,currency,donor,description\n"
    # already stored by the aid_data fixture, as it is
    "T-2021-01,commitment,2021-03-01,100000,USD,clean-water,\n"
    # already stored, with another description
    "T-2021-01,disbursement,2021-08-01,40000.00,USD,clean-water,Đợt 1\n"
    # new
    "T-2022-01,disbursement,2022-09-01,5000,EUR,school-aid,Đợt 2\n"
)


def upload(text, name="transactions.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def page():
    with translation.override("en"):
        return reverse("aid:import")


def total():
    return sum(Transaction.objects.values_list("amount", flat=True), Decimal(0))


def test_importing_the_same_transactions_file_twice_does_not_double_money(aid_data):
    text = (
        "project,type,date,amount,currency,donor\n"
        "T-2022-01,disbursement,2022-09-01,5000,EUR,school-aid\n"
        "T-2022-01,expenditure,2022-10-01,1200.5,EUR,school-aid\n"
    )
    import_file("transactions", upload(text))
    after_first = (Transaction.objects.count(), total())
    import_file("transactions", upload(text))
    assert (Transaction.objects.count(), total()) == after_first


def test_the_database_refuses_the_same_transaction_twice(aid_data):
    stored = Transaction.objects.filter(project__reference="T-2021-01").first()
    copy = {
        "project": stored.project,
        "transaction_type": stored.transaction_type,
        "donor": stored.donor,
        "date": stored.date,
        "value_date": stored.value_date,
        "amount": stored.amount,
        "currency": stored.currency,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Transaction.objects.create(**copy)
    # Two real payments alike are told apart by their references.
    Transaction.objects.create(**copy, reference="UNC-001")
    with pytest.raises(IntegrityError), transaction.atomic():
        Transaction.objects.create(**copy, reference="UNC-001")


def test_preview_lists_new_changed_present_and_refused_and_writes_nothing(
    client, aid_data, secretary
):
    client.force_login(secretary)
    before = (Transaction.objects.count(), total())
    refused = TRANSACTIONS + "NOPE,gift,2022-01-01,5,EUR,school-aid,\n"
    response = client.post(page(), {"dataset": "transactions", "file": upload(refused)})
    assert response.status_code == 400
    assert response.context["counts"] == {"new": 1, "changed": 1, "unchanged": 1, "refused": 1}
    assert {(e.row, e.column) for e in response.context["errors"]} == {
        (5, "project"),
        (5, "type"),
    }
    assert response.context["pending"] is None  # nothing to confirm while a row is refused
    assert "Confirm the import" not in response.content.decode()

    response = client.post(page(), {"dataset": "transactions", "file": upload(TRANSACTIONS)})
    assert response.status_code == 200
    assert response.context["counts"] == {"new": 1, "changed": 1, "unchanged": 1, "refused": 0}
    (changed,) = response.context["plan"].of("changed")
    assert changed.row == 3 and changed.changes == [("description", "—", "Đợt 1")]
    body = response.content.decode()
    assert "Confirm the import" in body and "Đợt 1" in body
    assert (Transaction.objects.count(), total()) == before  # nothing written yet

    token = response.context["pending"].token
    response = client.post(page(), {"token": token, "confirm": "1"})
    assert response.status_code == 302
    assert Transaction.objects.count() == before[0] + 1
    assert total() == before[1] + 5000
    assert Transaction.objects.get(date=datetime.date(2021, 8, 1)).description == "Đợt 1"
    assert not PendingImport.objects.exists()

    # The same confirmation again, or the same file confirmed again: nothing more.
    client.post(page(), {"token": token, "confirm": "1"})
    response = client.post(page(), {"dataset": "transactions", "file": upload(TRANSACTIONS)})
    assert response.context["counts"] == {"new": 0, "changed": 0, "unchanged": 3, "refused": 0}
    client.post(page(), {"token": response.context["pending"].token, "confirm": "1"})
    assert (Transaction.objects.count(), total()) == (before[0] + 1, before[1] + 5000)


def test_two_previews_of_one_file_confirmed_one_after_the_other_count_once(
    client, aid_data, secretary, staff
):
    other = staff_user("secretary2", "Secretariat")
    client.force_login(secretary)
    first = client.post(page(), {"dataset": "transactions", "file": upload(TRANSACTIONS)})
    second_client = client.__class__()
    second_client.force_login(other)
    second = second_client.post(page(), {"dataset": "transactions", "file": upload(TRANSACTIONS)})
    before = Transaction.objects.count()
    client.post(page(), {"token": first.context["pending"].token, "confirm": "1"})
    second_client.post(page(), {"token": second.context["pending"].token, "confirm": "1"})
    assert Transaction.objects.count() == before + 1


def test_a_preview_is_confirmed_only_by_its_author_and_before_it_expires(
    client, aid_data, secretary
):
    client.force_login(secretary)
    response = client.post(page(), {"dataset": "transactions", "file": upload(TRANSACTIONS)})
    token = response.context["pending"].token
    before = Transaction.objects.count()

    other = staff_user("admin2", ADMINISTRATOR)
    client.force_login(other)
    response = client.post(page(), {"token": token, "confirm": "1"}, follow=True)
    assert "expired or was already imported" in response.content.decode()
    assert Transaction.objects.count() == before

    client.force_login(secretary)
    PendingImport.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    client.post(page(), {"token": token, "confirm": "1"})
    assert Transaction.objects.count() == before
    assert not PendingImport.objects.exists()  # expired previews are deleted


def test_import_needs_the_change_permissions_of_what_it_changes(client, aid_data):
    """Adding is not enough: an import also updates projects, transactions and rates."""
    adder = staff_user("adder")
    adder.user_permissions.set(
        Permission.objects.filter(content_type__app_label="aid", codename__startswith="add_")
    )
    client.force_login(adder)
    assert client.get(page()).status_code == 403
    rates_only = staff_user("rates-only")
    rates_only.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="aid", codename__in=["add_exchangerate", "change_exchangerate"]
        )
    )
    client.force_login(rates_only)
    response = client.get(page())
    assert [value for value, _label in response.context["form"].fields["dataset"].choices] == [
        "rates"
    ]
    response = client.post(page(), {"dataset": "transactions", "file": upload(TRANSACTIONS)})
    assert response.status_code == 400 and "dataset" in response.context["form"].errors
    assert not PendingImport.objects.exists()


def _confirm(client, dataset, text):
    response = client.post(page(), {"dataset": dataset, "file": upload(text, "file.csv")})
    assert response.status_code == 200, response.context["errors"]
    return client.post(page(), {"token": response.context["pending"].token, "confirm": "1"})


def test_an_import_can_be_undone_from_the_history(client, aid_data, secretary):
    project = AidProject.objects.get(reference="T-2022-01")
    assert not revisions.history(project).exists()
    client.force_login(secretary)
    _confirm(client, "transactions", TRANSACTIONS)
    _confirm(
        client,
        "projects",
        "reference,title_vi,kind,year\nT-2022-01,Trạm y tế xã,programme,2022\n",
    )
    baseline, imported, retitled = revisions.history(project).order_by("number")
    assert baseline.note == "As it was before its first recorded change"
    assert imported.note == "Imported from the file “file.csv”" and imported.user == secretary
    assert Transaction.objects.filter(project=project).count() == 3
    revisions.restore(baseline, secretary)
    project.refresh_from_db()
    assert project.title_vi == "Trạm y tế"
    assert Transaction.objects.filter(project=project).count() == 2  # the import is undone


def test_a_file_without_a_published_column_imports_unpublished(aid_data):
    text = (
        "reference,title_vi,kind,year\n"
        "NEW-1,Dự án mới,project,2024\n"
        "T-2021-01,Nước sạch cho trường,project,2021\n"
    )
    import_file("projects", upload(text))
    assert not AidProject.objects.get(reference="NEW-1").is_published
    assert AidProject.objects.get(reference="T-2021-01").is_published  # left as it was
    import_file(
        "projects", upload("reference,title_vi,kind,year,published\nNEW-1,x,project,2024,yes\n")
    )
    assert AidProject.objects.get(reference="NEW-1").is_published


def test_a_reference_column_tells_alike_transactions_apart(aid_data):
    text = (
        "project,type,date,amount,currency,donor,reference\n"
        "T-2022-01,disbursement,2022-09-01,5000,EUR,school-aid,UNC-1\n"
        "T-2022-01,disbursement,2022-09-01,5000,EUR,school-aid,UNC-2\n"
    )
    assert import_file("transactions", upload(text)) == 2
    assert import_file("transactions", upload(text)) == 0
    # The same rows without references are the same transaction twice: refused by name.
    from aid.imports import ImportFailed

    twice = (
        "project,type,date,amount,currency,donor\n"
        + "T-2022-02,3,2022-09-01,7,VND,korean-firms\n" * 2
    )
    with pytest.raises(ImportFailed) as failure:
        import_file("transactions", upload(twice))
    assert [(e.row, e.message) for e in failure.value.errors] == [
        (3, "Dòng 2 đã có nội dung này; mỗi nội dung chỉ được xuất hiện một lần.")
    ]


def test_rates_already_present_are_updated_not_added(aid_data):
    text = "currency,date,rate,source\nUSD,2021-01-01,23001,SBV\nEUR,2030-01-01,30000,\n"
    count = ExchangeRate.objects.count()
    assert import_file("rates", upload(text)) == 2
    assert ExchangeRate.objects.count() == count + 1
    assert ExchangeRate.objects.get(currency="USD", date="2021-01-01").rate == Decimal("23001")


def test_the_import_page_is_linked_for_those_who_may_use_it(client, aid_data, staff, leader):
    with translation.override("en"):
        dashboard, admin_index = reverse("aid:dashboard"), reverse("admin:index")
    link = f'href="{page()}"'
    client.force_login(staff(ADMINISTRATOR))
    assert link in client.get(dashboard).content.decode()
    assert link in client.get(admin_index).content.decode()
    client.force_login(leader)
    assert link not in client.get(dashboard).content.decode()
    assert link not in client.get(admin_index).content.decode()
    client.force_login(staff("Secretariat", "secretary9"))
    assert link in client.get(admin_index).content.decode()
