"""Participant lists as XLSX and as CSV for French Excel (UTF-8 with BOM, ';')."""
from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ...spreadsheet import FRENCH_EXCEL, csv_text, xlsx_text
from ...templating import localdatetime


def _header() -> list[str]:
    return [_("Nom"), _("Courriel"), _("PTCE"), _("Statut"), _("Position d'attente"), _("Présent·e"),
            _("Inscrit·e le")]


def _rows(visit, registrations):
    for reg in registrations:
        yield [reg.user.name, reg.user.email, reg.ptce.name if reg.ptce else _("Partenaire"),
               str(reg.status.label), reg.waitlist_position or "", _("oui") if reg.attended else _("non"),
               localdatetime(reg.created_at, visit.region, "dd/MM/y HH:mm xxx")]


def participants_csv(visit, registrations) -> bytes:
    return csv_text(_rows(visit, registrations), FRENCH_EXCEL, _header()).encode("utf-8")


def participants_xlsx(visit, registrations) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Participants")[:31]
    ws.append(_header())
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in _rows(visit, registrations):
        ws.append(row)
        for cell in ws[ws.max_row]:
            xlsx_text(cell)
    for column, width in zip("ABCDEFG", (28, 32, 28, 24, 12, 10, 18), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
