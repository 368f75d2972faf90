"""File ▸ Import from Strong/Hevy/FitNotes…: read a file, check it, map names, import.

One window that fills in as it learns about the file: the detected format, the unit when
the file does not say, a preview of the first workouts and how each exercise name maps to
the library. Reading and importing run in the background; nothing is written until Import.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.errors import UserError
from backtracker.services import library
from backtracker.services.importers import BadRowsError, ImportResult, RowProblem
from backtracker.ui.data import dialogs as data_dialogs
from backtracker.ui.data.jobs import Reading, import_reading, read_import_file
from backtracker.ui.data.mapping_model import MappingColumn, MappingModel, TargetDelegate
from backtracker.ui.data.preview_model import PreviewColumn, PreviewModel
from backtracker.ui.data.problems_model import ProblemColumn, ProblemsModel
from backtracker.ui.data.progress import Stopped, run_with_progress, throttled
from backtracker.ui.data.texts import columns_text, contents_text, counted, number
from backtracker.ui.icons import icon
from backtracker.ui.tasks import Task, call_on_gui_thread, run_task
from backtracker.ui.theme import theme
from backtracker.ui.widgets.exercise_picker import ExercisePicker
from backtracker.ui.widgets.forms import problem_label

UNITS = (("kg", "kg"), ("lb", "lb"))


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme().colors.muted_text};")
    return label


class PlaceholderTable(QTableView):
    """A table that says what to do, or what is happening, while it has no rows."""

    def __init__(self, placeholder: str = "") -> None:
        super().__init__()
        self._placeholder = placeholder

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.viewport().update()

    def placeholder(self) -> str:
        return self._placeholder

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if self._placeholder and (model is None or model.rowCount() == 0):
            painter = QPainter(self.viewport())
            painter.setPen(QColor(theme().colors.muted_text))
            rect = self.viewport().rect().adjusted(24, 16, -24, -16)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(rect, int(flags), self._placeholder)
            painter.end()


def _table(accessible_name: str) -> PlaceholderTable:
    view = PlaceholderTable()
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    view.horizontalHeader().setHighlightSections(False)
    return view


class ImportDialog(QDialog):
    """Emits `imported(ImportResult)` and closes once a file is in the database."""

    imported = Signal(object)
    _mapped_problems: tuple[RowProblem, ...] = ()  # lines refused once the names were mapped

    def __init__(self, path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import from Strong, Hevy or FitNotes")
        self.setObjectName("ImportDialog")
        self.path: Path | None = None
        self.unit: str | None = None
        self.reading: Reading | None = None
        self._read_task: Task | None = None
        self._importing = False

        self.file_label = QLabel("No file chosen")
        self.file_label.setAccessibleName("File")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_file_button = QPushButton(icon("folder"), "Choose file…")
        self.choose_file_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_file_button)
        self.format_label = QLabel("—")
        self.format_label.setAccessibleName("Detected format")
        self.format_label.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("File", file_row)
        form.addRow("Format", self.format_label)

        self.unit_box = QFrame()
        self.unit_box.setObjectName("unitBox")
        self.unit_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.unit_question = QLabel()
        self.unit_question.setWordWrap(True)
        self.unit_group = QButtonGroup(self)
        self.unit_buttons: dict[str, QRadioButton] = {}
        unit_row = QHBoxLayout()
        unit_row.addWidget(self.unit_question, 1)
        for value, text in UNITS:
            button = QRadioButton(text)
            button.setAccessibleName(f"Weights are in {text}")
            self.unit_group.addButton(button)
            self.unit_buttons[value] = button
            button.toggled.connect(partial(self._unit_toggled, value))
            unit_row.addWidget(button)
        self.unit_box.setLayout(unit_row)
        self.unit_box.hide()

        self.reading_bar = QProgressBar()
        self.reading_bar.setAccessibleName("Reading the file")
        self.reading_bar.setTextVisible(False)
        self.reading_bar.setMaximumHeight(8)
        self.reading_bar.hide()
        self.problem = problem_label("Why the file cannot be imported")
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_model = ProblemsModel(self)
        self.problems_view = _table("Lines that cannot be imported")
        self.problems_view.setModel(self.problems_model)
        header = self.problems_view.horizontalHeader()
        header.setSectionResizeMode(ProblemColumn.LINE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ProblemColumn.REASON, QHeaderView.ResizeMode.Stretch)
        rows = self.problems_view.verticalHeader().defaultSectionSize()
        self.problems_view.setMinimumHeight(rows * 4 + header.sizeHint().height() + 4)
        self.problems_box = QGroupBox("Lines that cannot be imported")
        problems_layout = QVBoxLayout(self.problems_box)
        problems_layout.addWidget(self.problems_view)
        self.problems_box.hide()

        self.preview_model = PreviewModel(self)
        self.preview_view = _table("Workouts in the file")
        self.preview_view.setModel(self.preview_model)
        header = self.preview_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PreviewColumn.EXERCISES, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(PreviewColumn.DATE, 190)
        header.resizeSection(PreviewColumn.NAME, 180)
        header.resizeSection(PreviewColumn.SETS, 56)
        self.preview_summary = QLabel()
        self.preview_summary.setAccessibleName("What the file holds")
        self.preview_summary.setWordWrap(True)
        preview_box = QGroupBox("Workouts")
        preview_layout = QVBoxLayout(preview_box)
        self.columns_label = QLabel()  # a Strong header not in English: how it is read
        self.columns_label.setAccessibleName("How the columns are read")
        self.columns_label.setWordWrap(True)
        self.columns_label.hide()
        preview_layout.addWidget(self.preview_summary)
        preview_layout.addWidget(self.columns_label)
        preview_layout.addWidget(self.preview_view, 1)

        self.mapping_model = MappingModel(self)
        self.mapping_view = _table("Exercise names and what they import as")
        self.mapping_view.setModel(self.mapping_model)
        self.mapping_view.setItemDelegateForColumn(
            MappingColumn.TARGET, TargetDelegate(self.mapping_view)
        )
        self.mapping_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self.mapping_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MappingColumn.SOURCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MappingColumn.TARGET, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(MappingColumn.SETS, 56)
        header.resizeSection(MappingColumn.MATCH, 250)
        self.mapping_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.mapping_model.dataChanged.connect(self._update_mapping_summary)
        self.mapping_summary = QLabel()
        self.mapping_summary.setAccessibleName("How the names match")
        self.mapping_summary.setWordWrap(True)
        self.choose_exercise_button = QPushButton(icon("search"), "Choose exercise…")
        self.choose_exercise_button.setToolTip("Import the selected name as a library exercise")
        self.choose_exercise_button.clicked.connect(self.choose_exercise)
        self.new_exercise_button = QPushButton(icon("plus"), "Make it a new exercise")
        self.new_exercise_button.setToolTip(
            "Create a custom exercise with the selected name instead"
        )
        self.new_exercise_button.clicked.connect(self.map_to_new_exercise)
        mapping_buttons = QHBoxLayout()
        mapping_buttons.addWidget(_muted("Double-click a row, or select it and:"), 1)
        mapping_buttons.addWidget(self.choose_exercise_button)
        mapping_buttons.addWidget(self.new_exercise_button)
        self.mapping_box = QGroupBox("Exercise names")
        mapping_layout = QVBoxLayout(self.mapping_box)
        mapping_layout.addWidget(self.mapping_summary)
        mapping_layout.addWidget(self.mapping_view, 1)
        mapping_layout.addLayout(mapping_buttons)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.import_button.setIcon(icon("import"))
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        self.import_rest_button = QPushButton(icon("import"), "Import the rest")
        self.import_rest_button.setToolTip(
            "Import everything except the lines listed as problems; the import's record "
            "keeps which lines were left out"
        )
        self.buttons.addButton(self.import_rest_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.import_rest_button.clicked.connect(self.import_the_rest)
        self.import_rest_button.hide()
        self.note = _muted(
            "Nothing is written until you click Import. Workouts imported before are "
            "skipped, so importing a newer export of the same app adds only what is new."
        )

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.unit_box)
        layout.addWidget(self.reading_bar)
        layout.addWidget(self.problem)
        layout.addWidget(self.problems_box, 2)
        layout.addWidget(preview_box, 4)
        layout.addWidget(self.mapping_box, 5)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(880, 720)
        self._update_buttons()
        if path is not None:
            self.read(path)
        else:
            self._show_empty("Choose a file exported from Strong, Hevy or FitNotes.", "")

    # -- reading ----------------------------------------------------------------------------
    def choose_file(self) -> None:
        path = data_dialogs.choose_import_file(self)
        if path is not None:
            self.read(path)

    def read(self, path: Path, unit: str | None = None) -> None:
        """Read `path` in the background; a new file forgets the unit chosen for the last."""
        if self._read_task is not None:
            self._read_task.cancel()
        if path != self.path:
            self._reset_unit()
        self.path = path
        self.unit = unit
        self.reading = None
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self.format_label.setText("Reading…")
        self.problem.hide()
        self._mapped_problems = ()
        self._show_problem_lines(())
        self._show_empty(f"Reading {path.name}…", "")
        self.reading_bar.setRange(0, 0)
        self.reading_bar.show()
        task = Task("read import file")
        self._read_task = task
        self._update_buttons()
        progress = throttled(call_on_gui_thread(partial(self._read_progress, task)))
        run_task(
            read_import_file,
            path,
            unit,
            progress,
            task.cancelled,
            on_done=partial(self._read_done, task),
            on_error=partial(self._read_failed, task),
            on_finished=partial(self._read_finished, task),
            context=self,
            uses_database=True,
            task=task,
        )

    def _read_progress(self, task: Task, done: int, total: int) -> None:
        if task is self._read_task and total > 0:
            self.reading_bar.setRange(0, total)
            self.reading_bar.setValue(min(done, total))

    def _read_finished(self, task: Task) -> None:
        if task is self._read_task:
            self._read_task = None
            self.reading_bar.hide()
            self._update_buttons()

    def _read_failed(self, task: Task, error: UserError) -> None:
        if task is self._read_task:
            self.format_label.setText("Not recognised")
            self._show_problem(str(error))

    def _show_problem(self, message: str) -> None:
        self.problem.setText(f"{message} Nothing was imported.")
        self.problem.show()
        nothing = "Nothing to show: this file cannot be imported."
        self._show_empty(nothing, nothing)

    def _show_empty(self, preview_text: str, mapping_text: str) -> None:
        """No rows yet: the tables say why, and the summaries step aside."""
        self.preview_model.clear()
        self.mapping_model.clear()
        self.preview_view.set_placeholder(preview_text)
        self.mapping_view.set_placeholder(mapping_text)
        self.preview_summary.hide()
        self.columns_label.hide()
        self.mapping_summary.hide()
        self.mapping_box.show()

    def _read_done(self, task: Task, reading: Reading | Stopped) -> None:
        if task is not self._read_task:
            return  # a newer file or unit was chosen meanwhile
        if isinstance(reading, Stopped):
            self.format_label.setText("—")
            self._show_empty("Reading stopped. Choose the file again to read it.", "")
            return
        self.reading = reading
        parsed = reading.parsed
        self.format_label.setText(self._format_text(reading))
        if reading.problem is not None:
            self._show_problem(reading.problem)
            self._show_problem_lines(reading.problems)
            return
        if parsed is None:
            self._ask_unit(reading)
            return
        self.preview_model.set_workouts(parsed.workouts)
        self.preview_view.set_placeholder(
            "No workouts in this file."
            if not parsed.bodyweights
            else "Only bodyweights: no workouts in this file."
        )
        self.preview_summary.setText(contents_text(parsed))
        self.preview_summary.show()
        self.columns_label.setText(columns_text(parsed))
        self.columns_label.setVisible(bool(parsed.column_mapping))
        names = {e.id: e.name for e in library.exercises(include_archived=False)}
        self.mapping_model.set_suggestions(reading.suggestions, reading.sets_by_name, names)
        self.mapping_box.setVisible(bool(reading.suggestions))
        self.mapping_summary.show()
        self._update_mapping_summary()
        self._show_problem_lines(parsed.problems)
        if parsed.problems:
            count = len(parsed.problems)
            self.problem.setText(
                f"{counted(count, 'line')} of this file cannot be imported; "
                f"{'it is' if count == 1 else 'they are'} listed below with the reason. "
                "Nothing is imported as it stands: correct the file and choose it again, or "
                "click “Import the rest” to import everything else without "
                f"{'it' if count == 1 else 'them'}."
            )
            self.problem.show()
            self.import_rest_button.setText(f"Import the rest (skip {counted(count, 'line')})")

    def _show_problem_lines(self, problems: tuple[RowProblem, ...]) -> None:
        self.problems_model.set_problems(problems)
        self.problems_box.setTitle(
            f"Lines that cannot be imported ({number(len(problems))})"
            if problems
            else "Lines that cannot be imported"
        )
        self.problems_box.setVisible(bool(problems))
        self.import_rest_button.setVisible(bool(problems))
        self._update_buttons()

    def _format_text(self, reading: Reading) -> str:
        text = f"{reading.format.label} · {reading.variant}"
        parsed = reading.parsed
        if parsed is not None and parsed.unit_in_file:
            text += f" · weights in {parsed.unit_in_file}"
        return text

    # -- the unit, when the file does not say --------------------------------------------
    def _ask_unit(self, reading: Reading) -> None:
        self.unit_question.setText(
            f"This {reading.format.label} export does not say whether its weights are in "
            f"kilograms or pounds. Which unit was {reading.format.label} set to?"
        )
        self.unit_box.show()
        self._show_empty(
            "Choose kg or lb above to see the workouts.",
            "Choose kg or lb above to see the exercise names.",
        )
        self.unit_buttons["kg"].setFocus()

    def _reset_unit(self) -> None:
        self.unit_box.hide()
        self.unit_group.setExclusive(False)  # lets every button go unchecked
        for button in self.unit_buttons.values():
            button.blockSignals(True)
            button.setChecked(False)
            button.blockSignals(False)
        self.unit_group.setExclusive(True)

    def _unit_toggled(self, unit: str, checked: bool) -> None:
        if checked and self.path is not None and unit != self.unit:
            other = "lb" if unit == "kg" else "kg"
            self.unit_question.setText(
                f"The file does not say which unit its weights are in; they are read as "
                f"{unit}. Choose {other} if the app was set to {other}."
            )
            self.read(self.path, unit)

    def choose_unit(self, unit: str) -> None:
        """As if the person clicked kg or lb."""
        self.unit_buttons[unit].click()

    # -- mapping --------------------------------------------------------------------------
    def _update_mapping_summary(self) -> None:
        total = self.mapping_model.rowCount()
        matched = self.mapping_model.matched
        if total and matched == total:
            text = f"All {counted(total, 'name')} match exercises in your library."
        else:
            text = (
                f"{number(matched)} of {counted(total, 'name')} match exercises in your "
                "library. The others become custom exercises; pick a library exercise for "
                "any that is the same movement."
            )
        self.mapping_summary.setText(text)
        if self._mapped_problems:  # another mapping may import those lines
            self._mapped_problems = ()
            self.problem.hide()
            self._show_problem_lines(self.reading.parsed.problems if self.reading else ())
        self._update_buttons()

    def _selected_row(self) -> int | None:
        rows = self.mapping_view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def choose_exercise(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        name = self.mapping_model.row_at(row).source_name
        exercise_id = ExercisePicker.ask(self, f"Import “{name}” as")
        if exercise_id is None:
            return
        if exercise_id not in self.mapping_model.exercise_names():
            self.mapping_model.add_exercise_name(exercise_id, library.exercise(exercise_id).name)
        self.mapping_model.setData(self.mapping_model.index(row, MappingColumn.TARGET), exercise_id)

    def map_to_new_exercise(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.mapping_model.setData(self.mapping_model.index(row, MappingColumn.TARGET), None)

    def select_name(self, source_name: str) -> bool:
        """Select the row of `source_name` in the mapping table (keyboard users and tests)."""
        for row in range(self.mapping_model.rowCount()):
            if self.mapping_model.row_at(row).source_name == source_name:
                self.mapping_view.selectRow(row)
                return True
        return False

    # -- importing ------------------------------------------------------------------------
    def _can_import(self, *, skipping: bool = False) -> bool:
        """Import: a file without problem lines; Import the rest (`skipping`): one with."""
        reading = self.reading
        return (
            not self._importing
            and self._read_task is None
            and reading is not None
            and reading.parsed is not None
            and bool(reading.parsed.workouts or reading.parsed.bodyweights)
            and bool(reading.parsed.problems or self._mapped_problems) == skipping
        )

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(self._can_import())
        self.import_rest_button.setEnabled(self._can_import(skipping=True))
        idle = not self._importing
        has_row = self._selected_row() is not None
        self.choose_exercise_button.setEnabled(idle and has_row)
        self.new_exercise_button.setEnabled(idle and has_row)
        self.choose_file_button.setEnabled(idle)
        for button in self.unit_buttons.values():
            button.setEnabled(idle)

    def import_the_rest(self) -> None:
        """Import all but the problem lines, which the import's record keeps."""
        self.start_import(skip_bad_rows=True)

    def start_import(self, skip_bad_rows: bool = False) -> None:
        if not self._can_import(skipping=skip_bad_rows):
            return
        assert self.reading is not None and self.reading.parsed is not None
        parsed = self.reading.parsed
        self._importing = True
        self._update_buttons()
        self.mapping_view.setEnabled(False)
        what = counted(len(parsed.workouts), "workout") if parsed.workouts else "bodyweights"
        run_with_progress(
            self,
            partial(
                import_reading, parsed, self.mapping_model.mapping(), skip_bad_rows=skip_bad_rows
            ),
            title="Importing",
            label=f"Importing {what} from {parsed.file_name}…",
            on_done=self._imported,
            on_error=self._import_failed,
            on_stopped=self._import_stopped,
            on_finished=self._import_finished,
            stopping_text="Stopping; nothing will be imported…",
            context=self,
        )

    def _import_finished(self) -> None:
        self._importing = False
        self.mapping_view.setEnabled(True)
        self._update_buttons()

    def _imported(self, result: ImportResult) -> None:
        self.accept()  # this window goes before the summary comes
        self.imported.emit(result)

    def _import_failed(self, error: UserError) -> None:
        if isinstance(error, BadRowsError) and error.importable:  # refused once names mapped
            self._mapped_problems = error.problems
            self._show_problem_lines(error.problems)
            self.import_rest_button.setText(
                f"Import the rest (skip {counted(len(error.problems), 'line')})"
            )
        self.problem.setText(f"{error} Nothing was imported.")
        self.problem.show()

    def _import_stopped(self) -> None:
        self.problem.setText("The import was cancelled. Nothing was imported.")
        self.problem.show()

    def reject(self) -> None:
        if self._importing:
            return  # the progress dialog's Cancel stops an import, so it rolls back cleanly
        if self._read_task is not None:
            self._read_task.cancel()
        super().reject()
