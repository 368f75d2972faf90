"""The form for adding or editing an exercise."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.catalogue import (
    Category,
    Equipment,
    ExerciseDraft,
    LoadProfile,
    MuscleInfo,
    Tracking,
    clean_lines,
    rest_range,
    split_aliases,
)
from backtracker.domain.errors import UserError, ValidationError
from backtracker.domain.plates import Bar
from backtracker.ui.library.coach_fields import pattern_combo, spinal_load_combo
from backtracker.ui.widgets.forms import problem_label, save_cancel_buttons


def _combo(items: list[tuple[str, str]], current: str) -> QComboBox:
    combo = QComboBox()
    for value, label in items:
        combo.addItem(label, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def _text_box(lines: list[str], placeholder: str, height: int = 84) -> QPlainTextEdit:
    box = QPlainTextEdit("\n".join(lines))
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class ExerciseDialog(QDialog):
    """Shows the draft, hands it to `submit` on Save and stays open while it is refused."""

    def __init__(
        self,
        title: str,
        draft: ExerciseDraft,
        muscles: list[MuscleInfo],
        submit: Callable[[ExerciseDraft], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._submit = submit

        self.name = QLineEdit(draft.name)
        self.name.setPlaceholderText("e.g. Single-arm band row")
        self.name.setMaxLength(120)
        self.aliases = QLineEdit(", ".join(draft.aliases))
        self.aliases.setPlaceholderText("Other names, separated by commas")
        self.summary = QLineEdit(draft.summary)
        self.summary.setPlaceholderText("One sentence: what it is and what it is good for")
        self.category = _combo([(c.value, c.label) for c in Category], draft.category)
        self.equipment = _combo([(e.value, e.label) for e in Equipment], draft.equipment)
        self.tracking = _combo([(t.value, t.label) for t in Tracking], draft.tracking)
        self.load_profile = _combo(
            [(p.value, f"{p.value.capitalize()} ({rest_range(p).label})") for p in LoadProfile],
            draft.load_profile,
        )
        self.pattern = pattern_combo(draft.pattern)
        self.spinal_load = spinal_load_combo(draft.spinal_load)
        self.no_gym = QCheckBox("Can be done at home, without a gym")
        self.no_gym.setChecked(draft.no_gym)
        # The bar its weight is loaded on: the plate calculator takes the bar's weight off.
        self.bar = QComboBox()
        self.bar.addItem(f"{Bar.OLYMPIC.label} (the usual)", None)
        for bar in Bar:
            if bar is not Bar.OLYMPIC:
                self.bar.addItem(bar.label, bar.value)
        self.bar.setCurrentIndex(max(0, self.bar.findData(draft.bar)))
        self.bar.setToolTip("Where the plates go: a trap bar for deadlifts, an EZ bar for curls")
        self.unilateral = QCheckBox("One side at a time (log left and right reps)")
        self.unilateral.setChecked(draft.unilateral)

        self.primary = self._muscle_list(muscles, draft.primary_muscles, "Primary muscles")
        self.secondary = self._muscle_list(muscles, draft.secondary_muscles, "Secondary muscles")

        self.steps = _text_box(draft.steps, "One step per line")
        self.cue = QLineEdit(draft.cue)
        self.cue.setPlaceholderText("What to feel, e.g. pull with your shoulder blades")
        self.mistakes = _text_box(draft.mistakes, "One mistake per line", 64)

        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("Also &called", self.aliases)
        form.addRow("S&ummary", self.summary)
        form.addRow("&Type", self.category)
        form.addRow("E&quipment", self.equipment)
        form.addRow("&Logs", self.tracking)
        form.addRow("L&oad", self.load_profile)
        form.addRow("Patte&rn", self.pattern)
        form.addRow("Spinal loa&d", self.spinal_load)
        form.addRow("&Bar", self.bar)
        form.addRow("", self.no_gym)
        form.addRow("", self.unilateral)
        form.addRow("&How to", self.steps)
        form.addRow("&Feel it", self.cue)
        form.addRow("&Avoid", self.mistakes)

        muscles_grid = QGridLayout()
        primary_label = QLabel("&Primary muscles")
        primary_label.setBuddy(self.primary)
        secondary_label = QLabel("&Secondary muscles")
        secondary_label.setBuddy(self.secondary)
        muscles_grid.addWidget(primary_label, 0, 0)
        muscles_grid.addWidget(secondary_label, 0, 1)
        muscles_grid.addWidget(self.primary, 1, 0)
        muscles_grid.addWidget(self.secondary, 1, 1)

        columns = QGridLayout()
        columns.addLayout(form, 0, 0)
        columns.addLayout(muscles_grid, 0, 1)
        columns.setColumnStretch(0, 3)
        columns.setColumnStretch(1, 2)

        self.error = problem_label("Problem with the form")

        self.buttons = save_cancel_buttons(self, self._save)

        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(820, 560)
        self.name.setFocus()

    @staticmethod
    def _muscle_list(muscles: list[MuscleInfo], checked: list[str], name: str) -> QListWidget:
        widget = QListWidget()
        widget.setAccessibleName(name)
        for muscle in muscles:
            item = QListWidgetItem(muscle.short_name)
            item.setData(Qt.ItemDataRole.UserRole, muscle.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if muscle.key in checked else Qt.CheckState.Unchecked
            )
            widget.addItem(item)
        return widget

    @staticmethod
    def _checked(widget: QListWidget) -> list[str]:
        return [
            widget.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(widget.count())
            if widget.item(row).checkState() == Qt.CheckState.Checked
        ]

    def draft(self) -> ExerciseDraft:
        return ExerciseDraft(
            name=self.name.text(),
            aliases=split_aliases(self.aliases.text()),
            summary=self.summary.text(),
            category=self.category.currentData(),
            equipment=self.equipment.currentData(),
            no_gym=self.no_gym.isChecked(),
            load_profile=self.load_profile.currentData(),
            tracking=self.tracking.currentData(),
            primary_muscles=self._checked(self.primary),
            secondary_muscles=self._checked(self.secondary),
            steps=clean_lines(self.steps.toPlainText()),
            cue=self.cue.text(),
            mistakes=clean_lines(self.mistakes.toPlainText()),
            bar=self.bar.currentData(),
            unilateral=self.unilateral.isChecked(),
            pattern=self.pattern.currentData(),
            spinal_load=self.spinal_load.currentData(),
        )

    def _field_widget(self, field: str | None) -> QWidget:
        widgets: dict[str, QWidget] = {
            "name": self.name,
            "aliases": self.aliases,
            "summary": self.summary,
            "category": self.category,
            "equipment": self.equipment,
            "load_profile": self.load_profile,
            "tracking": self.tracking,
            "primary_muscles": self.primary,
            "secondary_muscles": self.secondary,
            "steps": self.steps,
            "cue": self.cue,
            "mistakes": self.mistakes,
            "bar": self.bar,
            "pattern": self.pattern,
            "spinal_load": self.spinal_load,
        }
        return widgets.get(field or "", self.name)

    def _save(self) -> None:
        try:
            self._submit(self.draft())
        except ValidationError as error:
            self.show_problem(" ".join(error.problems.values()), error.field)
            return
        except UserError as error:
            self.show_problem(str(error), error.field)
            return
        self.accept()

    def show_problem(self, message: str, field: str | None) -> None:
        self.error.setText(message)
        self.error.show()
        self._field_widget(field).setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        draft: ExerciseDraft,
        muscles: list[MuscleInfo],
        submit: Callable[[ExerciseDraft], None],
    ) -> bool:
        """Run the form; True when `submit` accepted a draft, False when cancelled."""
        dialog = cls(title, draft, muscles, submit, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
