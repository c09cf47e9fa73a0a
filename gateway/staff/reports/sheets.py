"""Write a table (a header and rows of text or numbers) as CSV or as an XLSX spreadsheet."""

import csv
import io

from openpyxl import Workbook

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def write_table(fmt: str, title: str, header: list[str], rows: list[list]) -> bytes:
    """The table as a file in `fmt` ("csv" or "xlsx")."""
    if fmt == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet(title[:31])  # Excel's limit on a sheet's name
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM tells Excel the file is UTF-8
