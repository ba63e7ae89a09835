#!/usr/bin/env python3
"""Writes a legacy Excel workbook (.xls, BIFF8) with one sheet per CSV, for the tests of
reading XLS through GDAL: GDAL reads XLS (FreeXL) but cannot write it, so the tests' fixtures
are made with xlwt instead, the library older bureau systems used to export such files.

    write_xls.py OUT.xls SHEET=FILE.csv [SHEET=FILE.csv ...]

Cells that read as numbers are written as numbers, as a spreadsheet holds them; the others as
text. Nothing else is added: the sheet's row 1 is the CSV's first line.
"""
import csv
import sys

import xlwt


def cell(text):
    try:
        return float(text)
    except ValueError:
        return text


def main(argv):
    if len(argv) < 3 or any("=" not in pair for pair in argv[2:]):
        sys.exit(__doc__)
    book = xlwt.Workbook(encoding="utf-8")
    for pair in argv[2:]:
        name, path = pair.split("=", 1)
        sheet = book.add_sheet(name)
        with open(path, newline="", encoding="utf-8") as source:
            for r, row in enumerate(csv.reader(source)):
                for c, text in enumerate(row):
                    if text != "":
                        sheet.write(r, c, cell(text))
    book.save(argv[1])


if __name__ == "__main__":
    main(sys.argv)
