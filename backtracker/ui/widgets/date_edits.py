"""Date editors that write days the way the rest of the app does: in English, always.

A QDateTimeEdit names weekdays and months in its locale, which follows the system language.
The interface is English (see domain/dates.py), so each editor gets an English locale for its
text and its calendar popup; numbers elsewhere keep the person's locale.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDateTimeEdit

ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def english_dates(edit: QDateTimeEdit, pattern: str) -> QDateTimeEdit:
    """Show `edit` (a QDateTimeEdit or QDateEdit) with `pattern` and English names."""
    edit.setLocale(ENGLISH)
    edit.setDisplayFormat(pattern)
    if edit.calendarPopup():
        edit.calendarWidget().setLocale(ENGLISH)
    return edit
