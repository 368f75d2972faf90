"""Preferences (Edit ▸ Preferences, Ctrl+,): units, weekly goal, rest, 1RM formula, backups,
equipment and the photo vault."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.errors import ValidationError
from backtracker.services import equipment, preferences
from backtracker.services.preferences import Preferences
from backtracker.ui.equipment_page import FIELDS as EQUIPMENT_FIELDS
from backtracker.ui.equipment_page import EquipmentPage
from backtracker.ui.theme import theme
from backtracker.ui.vault_settings import VaultSettingsGroup, vault_page
from backtracker.ui.widgets.forms import problem_label, save_cancel_buttons

if TYPE_CHECKING:
    from backtracker.ui.events import DataEvents

FORMULA_LABELS = {
    "epley": "Epley: weight × (1 + reps ÷ 30)",
    "brzycki": "Brzycki: weight × 36 ÷ (37 − reps)",
}


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme().colors.muted_text};")
    return label


def _spin(minimum: int, maximum: int, value: int, *, step: int = 1, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(minimum, maximum)
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    spin.setValue(value)
    spin.setMinimumWidth(90)
    return spin


def _with_hint(field: QWidget, hint: QLabel) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(12)
    layout.addWidget(field)
    layout.addWidget(hint, 1)
    return row


class SettingsDialog(QDialog):
    """Edits a copy of the preferences; Save validates, stores and closes, or explains why not."""

    def __init__(
        self, prefs: Preferences, parent: QWidget | None = None, events: DataEvents | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setModal(True)
        self._saved: Preferences | None = None
        self._given = prefs  # what this form has no field for is kept as it was

        self.kg = QRadioButton("Kilograms (&kg)")
        self.lb = QRadioButton("Pounds (&lb)")
        self.unit_group = QButtonGroup(self)
        self.unit_group.addButton(self.kg)
        self.unit_group.addButton(self.lb)
        (self.lb if prefs.unit == "lb" else self.kg).setChecked(True)
        units_row = QHBoxLayout()
        units_row.addWidget(self.kg)
        units_row.addWidget(self.lb)
        units_row.addStretch(1)
        units_box = QGroupBox("Units")
        units_layout = QVBoxLayout(units_box)
        units_layout.addLayout(units_row)
        units_layout.addWidget(_hint("Weights are shown and typed in this unit everywhere."))
        self.length_unit = QComboBox()
        self.length_unit.addItem("Centimetres (cm)", "cm")
        self.length_unit.addItem("Inches (in)", "in")
        self.length_unit.setCurrentIndex(max(0, self.length_unit.findData(prefs.length_unit)))
        self.length_unit.setAccessibleName("Unit of body measurements")
        length_label = QLabel("Bod&y measurements in")
        length_label.setBuddy(self.length_unit)
        length_row = QHBoxLayout()
        length_row.addWidget(length_label)
        length_row.addWidget(self.length_unit)
        length_row.addStretch(1)
        units_layout.addLayout(length_row)

        self.goal_minimum = _spin(1, 14, prefs.goal_minimum)
        self.goal_minimum.setAccessibleName("Weekly minimum sessions")
        self.goal_target = _spin(1, 14, prefs.goal_target)
        self.goal_target.setAccessibleName("Weekly target sessions")
        goal_box = QGroupBox("Weekly goal (back sessions)")
        goal_form = QFormLayout(goal_box)
        goal_form.addRow(
            "&Minimum",
            _with_hint(
                self.goal_minimum, _hint("A week with at least the minimum keeps your streak.")
            ),
        )
        goal_form.addRow(
            "&Target",
            _with_hint(self.goal_target, _hint("What you aim for; the guide suggests 2–3.")),
        )
        band_max = preferences.MAX_BAND_SETS
        self.band_low = _spin(1, band_max, prefs.coach_band_low, suffix=" sets")
        self.band_low.setAccessibleName("Back coach: fewest hard sets a week per region")
        self.band_high = _spin(1, band_max, prefs.coach_band_high, suffix=" sets")
        self.band_high.setAccessibleName("Back coach: most hard sets a week per region")
        band_row = QWidget()
        band_layout = QHBoxLayout(band_row)
        band_layout.setContentsMargins(0, 0, 0, 0)
        band_layout.addWidget(self.band_low)
        band_layout.addWidget(QLabel("to"))
        band_layout.addWidget(self.band_high)
        band_layout.addWidget(_hint("Hard sets per back region: a common guideline, not a law."), 1)
        goal_form.addRow("Sets per &region", band_row)

        self.rest_heavy = _spin(10, 600, prefs.rest_heavy_s, step=15, suffix=" s")
        self.rest_heavy.setAccessibleName("Default rest for heavy lifts")
        self.rest_light = _spin(10, 600, prefs.rest_light_s, step=15, suffix=" s")
        self.rest_light.setAccessibleName("Default rest for light exercises")
        rest_box = QGroupBox("Default rest between sets")
        rest_form = QFormLayout(rest_box)
        rest_form.addRow(
            "&Heavy lifts", _with_hint(self.rest_heavy, _hint("The guide suggests 60–90 s."))
        )
        rest_form.addRow(
            "L&ight exercises", _with_hint(self.rest_light, _hint("The guide suggests 30–60 s."))
        )

        self.formula = QComboBox()
        for value in preferences.FORMULAS:
            self.formula.addItem(FORMULA_LABELS.get(value, value.capitalize()), value)
        self.formula.setCurrentIndex(max(0, self.formula.findData(prefs.formula)))
        self.formula.setAccessibleName("One-rep max formula")
        progress_box = QGroupBox("Progress charts")
        progress_form = QFormLayout(progress_box)
        progress_form.addRow("1RM &formula", self.formula)
        formula_hint = _hint("Estimates a one-rep max from sets of up to 12 reps.")
        formula_hint.setWordWrap(False)
        progress_form.addRow("", formula_hint)

        self.backups_to_keep = _spin(0, preferences.MAX_BACKUPS_TO_KEEP, prefs.backups_to_keep)
        self.backups_to_keep.setSpecialValueText("Off")
        self.backups_to_keep.setAccessibleName("Automatic backups to keep")
        backups_box = QGroupBox("Backups")
        backups_form = QFormLayout(backups_box)
        backups_form.addRow(
            "&Copies to keep",
            _with_hint(
                self.backups_to_keep,
                _hint("Made each time BackTracker starts, in the backups folder. Off: none."),
            ),
        )

        for form in (goal_form, rest_form, progress_form, backups_form):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.error = problem_label("Problem with the preferences")

        self.buttons = save_cancel_buttons(self, self._save)

        general = QWidget()
        general_layout = QVBoxLayout(general)
        general_layout.setSpacing(12)
        for box in (units_box, goal_box, rest_box, progress_box, backups_box):
            general_layout.addWidget(box)
        general_layout.addStretch(1)
        # Bars, plates, dumbbells and the warm-up ramp: a page of their own (Ctrl+Tab).
        self.equipment_page = EquipmentPage(equipment.load(prefs.unit))
        self.lb.toggled.connect(self.equipment_page.follow_unit)
        self.tabs = QTabWidget()
        self.tabs.addTab(general, "&General")
        self.tabs.addTab(self.equipment_page, "E&quipment")
        # The photo vault (ui/vault_settings.py): its actions take effect at once, not on Save.
        self.vault = VaultSettingsGroup(prefs.vault_idle_minutes)
        if events is not None:
            self.vault.vault_changed.connect(events.photo_vault_changed)
            events.photo_vault_changed.connect(self.vault.refresh)
        self.vault_page = vault_page(self.vault)
        self.tabs.addTab(self.vault_page, "Photo &vault")

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        (self.lb if prefs.unit == "lb" else self.kg).setFocus()

    def preferences(self) -> Preferences:
        """What the form holds now, checked or not."""
        return dataclasses.replace(
            self._given,
            unit="lb" if self.lb.isChecked() else "kg",
            goal_minimum=self.goal_minimum.value(),
            goal_target=self.goal_target.value(),
            rest_heavy_s=self.rest_heavy.value(),
            rest_light_s=self.rest_light.value(),
            formula=self.formula.currentData(),
            backups_to_keep=self.backups_to_keep.value(),
            length_unit=self.length_unit.currentData(),
            coach_band_low=self.band_low.value(),
            coach_band_high=self.band_high.value(),
            vault_idle_minutes=self.vault.idle_minutes.value(),
        )

    def saved(self) -> Preferences | None:
        """The preferences stored by Save, or None while nothing was saved."""
        return self._saved

    def _field_widget(self, field: str | None) -> QWidget:
        widgets: dict[str, QWidget] = {
            "unit": self.kg,
            "goal_minimum": self.goal_minimum,
            "goal_target": self.goal_target,
            "rest_heavy_s": self.rest_heavy,
            "rest_light_s": self.rest_light,
            "formula": self.formula,
            "backups_to_keep": self.backups_to_keep,
            "length_unit": self.length_unit,
            "coach_band_low": self.band_low,
            "coach_band_high": self.band_high,
            "vault_idle_minutes": self.vault.idle_minutes,
        }
        return widgets.get(field or "", self.goal_minimum)

    def _save(self) -> None:
        try:
            checked = preferences.validate(self.preferences())
            owned = self.equipment_page.equipment()
        except ValidationError as error:
            self.show_problem(" ".join(error.problems.values()), error.field)
            return
        self._saved = equipment.save_with_preferences(checked, owned)
        self.accept()

    def show_problem(self, message: str, field: str | None) -> None:
        self.error.setText(message)
        self.error.show()
        # A word-wrapped label does not grow the dialog by itself; make room so nothing clips.
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        if field in EQUIPMENT_FIELDS:
            self.tabs.setCurrentWidget(self.equipment_page)
            self.equipment_page.focus_field(field)
            return
        self.tabs.setCurrentWidget(
            self.vault_page if field == "vault_idle_minutes" else self.tabs.widget(0)
        )
        self._field_widget(field).setFocus()

    @classmethod
    def ask(
        cls, parent: QWidget | None, prefs: Preferences, events: DataEvents | None = None
    ) -> Preferences | None:
        """Run the dialog; the saved preferences, or None when cancelled. `events` hears of
        photo vault changes, which take effect at once."""
        dialog = cls(prefs, parent, events)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.saved() if accepted else None
        finally:
            dialog.deleteLater()
