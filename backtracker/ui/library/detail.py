"""The right-hand pane: how to do the selected exercise, or what the selected muscle does."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.catalogue import (
    Category,
    Equipment,
    ExerciseInfo,
    MuscleInfo,
    Tracking,
    rest_range,
)
from backtracker.ui.icons import icon
from backtracker.ui.library.coach_fields import SPINAL_LOAD_TIP, coach_line
from backtracker.ui.library.diagram import MuscleDiagram
from backtracker.ui.theme import theme
from backtracker.ui.widgets.headings import heading
from backtracker.ui.widgets.pinned_note import PinnedNote

# What `html.escape` replaces, without importing `html`: its entity table costs the first
# paint about 1 ms, and the first window's description needs only these five.
_HTML_SPECIAL = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
)


def escape(text: str) -> str:
    """The text with the characters HTML gives a meaning escaped, as `html.escape` does."""
    return text.translate(_HTML_SPECIAL)


def _title_label() -> QLabel:
    label = heading()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _badge() -> QLabel:
    badge = QLabel()
    badge.setContentsMargins(8, 2, 8, 2)
    return badge


def _style_badge(badge: QLabel, text: str, color: str) -> None:
    badge.setText(text)
    badge.setStyleSheet(
        f"QLabel {{ color: {color}; border: 1px solid {color}; border-radius: 9px; }}"
    )
    badge.setVisible(bool(text))


def _browser() -> QTextBrowser:
    browser = QTextBrowser()
    browser.setFrameShape(QFrame.Shape.NoFrame)
    browser.setOpenLinks(False)
    # The pane's own background shows through: the viewport fills with Base, made clear here.
    # Not a style sheet: under one, Fusion drew the scroll bar's groove solid black. Nor the
    # viewport's own palette: asking for the viewport from Python costs 7 ms at start
    # (PySide6 then loads every QWidget subclass). The other roles still follow the theme.
    palette = browser.palette()
    palette.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.transparent)
    browser.setPalette(palette)
    return browser


def _section(title: str, body: str) -> str:
    return f"<h3 style='margin-top:14px; margin-bottom:4px'>{escape(title)}</h3>{body}"


def _items(tag: str, items: Sequence[str]) -> str:
    inner = "".join(f"<li style='margin-bottom:3px'>{escape(i)}</li>" for i in items)
    return f"<{tag} style='margin-top:0px'>{inner}</{tag}>"


class ExerciseDetail(QWidget):
    """Everything about one exercise, with the actions that apply to it."""

    variation_activated = Signal(str)  # catalogue key
    edit_requested = Signal(int)
    archive_requested = Signal(int, bool)  # id, archive (False: restore)
    delete_requested = Signal(int)
    add_to_workout_requested = Signal(int)

    def __init__(
        self,
        muscle_names: Callable[[str], str],
        exercise_name: Callable[[str], str | None],
        history_line: Callable[[int], str] = lambda _id: "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._muscle_names = muscle_names
        self._exercise_name = exercise_name
        self._history_line = history_line
        self._exercise: ExerciseInfo | None = None

        self.title = _title_label()
        self.proven_badge = _badge()
        self.archived_badge = _badge()
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.archived_badge, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.proven_badge, 0, Qt.AlignmentFlag.AlignTop)

        self.diagram = MuscleDiagram()
        self.diagram.setFixedSize(230, 242)
        # A grid, not a QFormLayout: the form worked out its height for a width from its own
        # guess at the field column's width, so a value wrapping to two lines (a long "Your
        # history", "Also called") could get one line's height and be cut off.
        self.facts = QGridLayout()
        self.facts.setVerticalSpacing(8)
        self.facts.setColumnStretch(1, 1)
        self._fact_rows = 0
        self._fact_labels: dict[str, QLabel] = {}
        for key, caption in (
            ("primary", "Primary"),
            ("secondary", "Secondary"),
            ("equipment", "Equipment"),
            ("load", "Load"),
            ("pattern", "Pattern"),
            ("tracks", "Logs"),
            ("aliases", "Also called"),
            ("history", "Your history"),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._add_fact(caption, value)
            self._fact_labels[key] = value
        # Shown every time the exercise is logged; click or Enter to edit (signals wired by
        # the tab, which owns the data events).
        self._fact_labels["pattern"].setToolTip(SPINAL_LOAD_TIP)
        self.pinned_note = PinnedNote(hide_when_empty=False, placeholder="None: click to pin one")
        self._add_fact("Pinned note", self.pinned_note, Qt.AlignmentFlag.AlignVCenter)
        facts_box = QWidget()
        facts_box.setLayout(self.facts)
        top = QHBoxLayout()
        top.addWidget(self.diagram, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(facts_box, 1, Qt.AlignmentFlag.AlignTop)

        self.body = _browser()
        self.body.setAccessibleName("Exercise details")
        self.body.anchorClicked.connect(self._anchor_clicked)

        self.add_button = QPushButton(icon("plus"), "Add to workout")
        self.add_button.setToolTip("Add to the workout running now, or start one with it")
        self.add_button.clicked.connect(
            lambda: self._emit_for_current(self.add_to_workout_requested)
        )
        self.edit_button = QPushButton(icon("edit"), "Edit…")
        self.edit_button.setToolTip("Edit this exercise (F2)")
        self.archive_button = QPushButton()
        self.delete_button = QPushButton(icon("trash"), "Delete…")
        self.edit_button.clicked.connect(lambda: self._emit_for_current(self.edit_requested))
        self.archive_button.clicked.connect(self._archive_clicked)
        self.delete_button.clicked.connect(lambda: self._emit_for_current(self.delete_requested))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        theme().changed.connect(self._restyle)

    def _add_fact(
        self, caption: str, value: QWidget, line: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignTop
    ) -> None:
        """A row of the facts: its caption, greyed and right-aligned, on the value's first
        line (`AlignVCenter` for a one-line widget taller than the text)."""
        row = self._fact_rows
        self._fact_rows += 1
        caption_label = QLabel(caption)
        caption_label.setEnabled(False)
        caption_label.setBuddy(value)
        self.facts.addWidget(caption_label, row, 0, Qt.AlignmentFlag.AlignRight | line)
        self.facts.addWidget(value, row, 1)

    @property
    def exercise(self) -> ExerciseInfo | None:
        return self._exercise

    def show_exercise(
        self, exercise: ExerciseInfo, *, deletable: bool, note: str | None = None
    ) -> None:
        """Show `exercise`; its pinned `note` is read from the database unless given."""
        self._exercise = exercise
        self.title.setText(exercise.name)
        self.diagram.set_muscles(exercise.primary_muscles, exercise.secondary_muscles)
        self.diagram.setAccessibleDescription(
            f"Highlights {self._names(exercise.primary_muscles) or 'no muscles'}"
        )
        rest = rest_range(exercise.load_profile)
        equipment = Equipment(exercise.equipment).label
        if exercise.no_gym:
            equipment += " · no gym needed"
        tracks = f"{Category(exercise.category).label} · {Tracking(exercise.tracking).label}"
        if exercise.unilateral:
            tracks += " · One side at a time (left and right reps)"
        facts = {
            "primary": self._names(exercise.primary_muscles) or "—",
            "secondary": self._names(exercise.secondary_muscles) or "—",
            "equipment": equipment,
            "load": f"{exercise.load_profile.capitalize()} · {rest.label}",
            "pattern": coach_line(exercise),
            "tracks": tracks,
            "aliases": ", ".join(exercise.aliases) or "—",
            "history": self._history_line(exercise.id),
        }
        for key, text in facts.items():
            self._fact_labels[key].setText(text)
        self.pinned_note.set_exercise(exercise.id, exercise.name, note)
        self.body.setHtml(self._body_html(exercise))
        self.archive_button.setIcon(icon("restore" if exercise.archived else "archive"))
        self.archive_button.setText("Restore" if exercise.archived else "Archive")
        self.archive_button.setToolTip(
            "Bring the exercise back into the list"
            if exercise.archived
            else "Hide the exercise from the list; its history stays (Del)"
        )
        self.delete_button.setVisible(deletable)
        self.add_button.setEnabled(not exercise.archived)
        self._restyle()

    def show_history(self, exercise_id: int, text: str) -> None:
        """Fill in "Your history" once it is known, if that exercise is still shown."""
        if self._exercise is not None and self._exercise.id == exercise_id:
            self._fact_labels["history"].setText(text)

    def _names(self, keys: Sequence[str]) -> str:
        return ", ".join(self._muscle_names(k) for k in keys)

    def _body_html(self, exercise: ExerciseInfo) -> str:
        parts = []
        if exercise.summary:
            parts.append(f"<p>{escape(exercise.summary)}</p>")
        if exercise.steps:
            parts.append(_section("How to", _items("ol", exercise.steps)))
        if exercise.cue:
            parts.append(_section("Feel it", f"<p>{escape(exercise.cue)}</p>"))
        if exercise.mistakes:
            parts.append(_section("Avoid", _items("ul", exercise.mistakes)))
        links = []
        for key in exercise.variations:
            name = self._exercise_name(key)
            if name:
                links.append(f"<a href='exercise:{escape(key)}'>{escape(name)}</a>")
        if links:
            parts.append(_section("Variations", "<p>" + " · ".join(links) + "</p>"))
        if exercise.is_custom:
            parts.append("<p><i>Your own exercise.</i></p>")
        elif exercise.user_modified:
            parts.append(
                "<p><i>You edited this exercise; catalogue updates leave it as is.</i></p>"
            )
        return "".join(parts)

    def _restyle(self) -> None:
        colors = theme().colors
        exercise = self._exercise
        _style_badge(
            self.proven_badge,
            "★ Proven five" if exercise and exercise.proven_five else "",
            colors.star,
        )
        _style_badge(
            self.archived_badge,
            "Archived" if exercise and exercise.archived else "",
            colors.muted_text,
        )

    def _emit_for_current(self, signal: Signal) -> None:
        if self._exercise is not None:
            signal.emit(self._exercise.id)

    def _archive_clicked(self) -> None:
        if self._exercise is not None:
            self.archive_requested.emit(self._exercise.id, not self._exercise.archived)

    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "exercise":
            self.variation_activated.emit(url.path())


class MuscleDetail(QWidget):
    """One muscle from the guide: where it is, what it does, why it matters."""

    show_exercises_requested = Signal(str)  # muscle key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._muscle: MuscleInfo | None = None
        self.title = _title_label()
        self.diagram = MuscleDiagram()
        self.diagram.setFixedSize(230, 242)
        self.body = _browser()
        self.body.setAccessibleName("Muscle details")
        self.show_button = QPushButton(icon("dumbbell"), "")
        self.show_button.clicked.connect(self._show_clicked)
        top = QHBoxLayout()
        top.addWidget(self.diagram, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.body, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addLayout(top, 1)
        layout.addLayout(buttons)

    def show_muscle(self, muscle: MuscleInfo, exercise_count: int) -> None:
        self._muscle = muscle
        self.title.setText(muscle.name)
        self.diagram.set_muscles([muscle.key])
        parts = [
            _section("Where it is", f"<p>{escape(muscle.location)}</p>"),
            _section("What it does", f"<p>{escape(muscle.function)}</p>"),
            _section("Why it matters", f"<p>{escape(muscle.why_it_matters)}</p>"),
            _section("Training tip", f"<p>{escape(muscle.training_tip)}</p>"),
        ]
        self.body.setHtml("".join(parts))
        noun = "exercise" if exercise_count == 1 else "exercises"
        self.show_button.setText(f"Show {exercise_count} {noun} for {muscle.short_name.lower()}")
        self.show_button.setEnabled(exercise_count > 0)

    def _show_clicked(self) -> None:
        if self._muscle is not None:
            self.show_exercises_requested.emit(self._muscle.key)
