"""The dashboard's filtered data as CSV or XLSX (amounts as numbers, never floats in CSV;
text never a formula: portal/spreadsheets.py)."""

import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from portal.spreadsheets import CsvWriter, XlsxSheet

from . import reports

# The columns of _line holding amounts of money (the XLSX gives them a number format).
LINE_MONEY = (6, 8)


class _Echo:
    def write(self, value):
        return value


def _header(currency):
    return [
        _("Project"),
        _("Title"),
        _("Type"),
        _("Date"),
        _("Value date"),
        _("Donor"),
        _("Amount"),
        _("Currency"),
        _("Amount in %(currency)s") % {"currency": currency},
    ]


def _line(transaction):
    value = transaction.converted_value
    return [
        transaction.project.reference,
        transaction.project.title,
        transaction.get_transaction_type_display(),
        transaction.date.isoformat(),
        transaction.value_date.isoformat(),
        transaction.donor.name,
        transaction.amount,
        transaction.currency,
        "" if value is None else round(value, 2),
    ]


def csv_response(filters, currency):
    """One row per transaction behind the view; an empty converted value means no rate."""
    writer = CsvWriter(_Echo())
    transactions = reports.transactions_with_values(filters, currency)

    def lines():
        yield "\ufeff"  # spreadsheet programs then read the file as UTF-8
        yield writer.writerow(_header(currency))
        for transaction in transactions.iterator(chunk_size=2000):
            yield writer.writerow(_line(transaction))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="aid-dashboard.csv"'
    return response


def xlsx_response(filters, currency, tables):
    """A workbook: one sheet per dashboard table, then every transaction.

    `tables` are (title, header, rows, money columns)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows, money in tables:
        sheet = XlsxSheet(workbook, title, money=money)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    sheet = XlsxSheet(workbook, _("Transactions"), money=LINE_MONEY)
    sheet.append(_header(currency))
    for transaction in reports.transactions_with_values(filters, currency).iterator(
        chunk_size=2000
    ):
        sheet.append(_line(transaction))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="aid-dashboard.xlsx"'
    return response
