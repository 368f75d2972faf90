"""The floor under start-up: what the Library's first window costs in PySide6 with no app code.

`startup.py` compares the app with a bare, empty PySide6 window. This script adds a third
program to the same alternation: a Qt-only copy of the window the app first shows on the
same profile, written as plainly as PySide6 allows. It has the same menu bar, the four tabs
with their SVG icons, the filter bar, a tree of the profile's exercises (read with one plain
sqlite3 query into a QStandardItemModel, a C++ model), the body diagram drawn from the same
SVG, the exercise's details as label pairs, its description in a text browser, the buttons,
the bottom tab bar and the status bar, in Fusion with a palette, at the app's window size.

It has none of the app: no argument parsing, data-folder lock, logging, settings, theme,
Python item model, search index, text formatting, deferred loading or anything else. So its
ratio to the bare window is a floor for the app's own code: the room left between the floor
and a target is all that code can spend. It is a floor for PySide6 as it ships, not for every
start: the app keeps PySide6's compiled support code and long regular expressions between
starts (`ui/qt_bytecode.py`), work that this copy and the bare window still do each time.

    python benchmarks/startup_floor.py [--runs N] [--profile PATH]

Output, medians and then the spread (lowest to highest):
`qt-only-library-window: 0.150 s (ratio 1.50 x bare-pyside6-window) [0.146-0.160 s, 9 runs]`
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.append(str(ROOT))

from benchmarks.startup import (  # noqa: E402 (after the path is set)
    BACKTRACKER,
    BARE_WINDOW,
    REPORT_WHEN_SHOWN,
    build_profile,
    on_profile,
    time_to_window,
)

# The app's window on the offscreen platform: its default size, raised to its minimum.
WINDOW_SIZE = (761, 736)

QT_ONLY_WINDOW = (
    REPORT_WHEN_SHOWN
    + """
_report_when_shown()
import sqlite3
from pathlib import Path
from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import (
    QColor, QFont, QIcon, QPainter, QPalette, QPixmap, QStandardItem, QStandardItemModel,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QMainWindow, QPushButton, QSplitter, QTabBar, QTabWidget, QTextBrowser, QToolButton,
    QTreeView, QVBoxLayout, QWidget,
)

data_dir, resources = Path(sys.argv[1]), Path(sys.argv[2])
width, height = int(sys.argv[3]), int(sys.argv[4])
app = QApplication([sys.argv[0], "-style", "Fusion"])
palette = QPalette()
for role, colour in (
    (QPalette.ColorRole.Window, "#f6f6f6"), (QPalette.ColorRole.Base, "#ffffff"),
    (QPalette.ColorRole.Text, "#1d1d1f"), (QPalette.ColorRole.WindowText, "#1d1d1f"),
    (QPalette.ColorRole.Button, "#efefef"), (QPalette.ColorRole.ButtonText, "#1d1d1f"),
    (QPalette.ColorRole.Highlight, "#2f6fdf"), (QPalette.ColorRole.HighlightedText, "#ffffff"),
):
    palette.setColor(role, QColor(colour))
app.setPalette(palette)

database = sqlite3.connect(f"file:{data_dir / 'backtracker.sqlite3'}?mode=ro", uri=True)
exercises = database.execute(
    "SELECT name, equipment, proven_five, summary FROM exercise"
    " WHERE archived_at IS NULL ORDER BY proven_five DESC, name"
).fetchall()
database.close()

def icon(name):
    renderer = QSvgRenderer(QByteArray((resources / "icons" / f"{name}.svg").read_bytes()))
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, 16, 16))
    painter.end()
    return QIcon(pixmap)

class Diagram(QWidget):
    def __init__(self):
        super().__init__()
        svg = (resources / "diagram" / "body.svg").read_bytes()
        self.renderer = QSvgRenderer(QByteArray(svg))
        self.renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.setMinimumSize(220, 230)
    def paintEvent(self, event):
        painter = QPainter(self)
        self.renderer.render(painter, QRectF(self.rect()))
        painter.end()

window = QMainWindow()
window.resize(width, height)
for menu in ("&File", "&Edit", "&View", "&Help"):
    window.menuBar().addMenu(menu)
window.statusBar()
tabs = QTabWidget()
window.setCentralWidget(tabs)

left = QWidget()
left_layout = QVBoxLayout(left)
search = QLineEdit(placeholderText="Search exercises  (Ctrl+F)")
search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
left_layout.addWidget(search)
combos = QHBoxLayout()
for first in ("All muscles", "All equipment", "All types"):
    combo = QComboBox()
    combo.addItems([first, "Lats", "Traps", "Lower back", "Rhomboids"])
    combos.addWidget(combo)
left_layout.addLayout(combos)
checks = QHBoxLayout()
for text in ("No gym needed", "Proven five"):
    checks.addWidget(QCheckBox(text))
clear = QToolButton()
clear.setIcon(icon("filter-off"))
checks.addWidget(clear)
left_layout.addLayout(checks)
left_layout.addWidget(QCheckBox("Low spinal load"))
model = QStandardItemModel(0, 2)
model.setHorizontalHeaderLabels(["Exercise", "Equipment"])
star, blank = icon("star-filled"), icon("blank")
for name, equipment, proven, _summary in exercises:
    model.appendRow([QStandardItem(star if proven else blank, name), QStandardItem(equipment)])
tree = QTreeView()
tree.setRootIsDecorated(False)
tree.setUniformRowHeights(True)
tree.setModel(model)
tree.setSortingEnabled(True)
tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
tree.setCurrentIndex(model.index(0, 0))
left_layout.addWidget(tree)
footer = QHBoxLayout()
footer.addWidget(QPushButton(icon("plus"), "New exercise…"))
footer.addStretch(1)
footer.addWidget(QLabel(f"{len(exercises)} exercises"))
left_layout.addLayout(footer)
views = QTabBar()
views.addTab(icon("dumbbell"), "Exercises")
views.addTab(icon("guide"), "Muscle guide")
left_layout.addWidget(views)

right = QWidget()
right_layout = QVBoxLayout(right)
heading = QHBoxLayout()
title = QLabel(exercises[0][0])
font = QFont(title.font())
font.setPointSizeF(font.pointSizeF() * 1.5)
font.setBold(True)
title.setFont(font)
heading.addWidget(title, 1)
heading.addWidget(QLabel("★ Proven five"))
right_layout.addLayout(heading)
body = QHBoxLayout()
body.addWidget(Diagram())
facts = QFormLayout()
for label, value in (
    ("Primary", "Lats, Rhomboids, Traps"),
    ("Secondary", "Rear delts, Biceps, Forearms, Erectors"),
    ("Equipment", f"{exercises[0][1]} · no gym needed"), ("Load", "Heavy · 60–90 s rest"),
    ("Pattern", "Horizontal pull · Spinal load: High"), ("Logs", "Strength · Weight and reps"),
    ("Also called", "Bent Over Row (Dumbbell), Dumbbell Bent-Over Row"),
    ("Your history", "Looking through your workouts…"), ("Pinned note", "None: click to pin one"),
):
    text = QLabel(value)
    text.setWordWrap(True)
    facts.addRow(label, text)
body.addLayout(facts, 1)
right_layout.addLayout(body)
description = QTextBrowser()
steps = "<ol><li>Set up.</li><li>Pull.</li></ol>"
description.setHtml(f"<p>{exercises[0][3]}</p><h3>How to</h3>{steps}")
right_layout.addWidget(description, 1)
buttons = QHBoxLayout()
for name, text in (("plus", "Add to workout"), ("edit", "Edit…"), ("archive", "Archive")):
    buttons.addWidget(QPushButton(icon(name), text))
buttons.addStretch(1)
right_layout.addLayout(buttons)

splitter = QSplitter()
splitter.addWidget(left)
splitter.addWidget(right)
tabs.addTab(splitter, icon("library"), "Library")
for name, text in (("log", "Log"), ("photos", "Photos"), ("progress", "Progress")):
    tabs.addTab(QWidget(), icon(name), text)
window.show()
app.exec()
"""
)


def measure(data_dir: Path, runs: int) -> None:
    build_profile(data_dir)
    floor_args = (str(data_dir), str(ROOT / "resources"), *map(str, WINDOW_SIZE))
    time_to_window(BACKTRACKER, str(data_dir))  # the first start may migrate or back up
    time_to_window(QT_ONLY_WINDOW, *floor_args)
    times: dict[str, list[float]] = {
        "bare-pyside6-window": [],
        "qt-only-library-window": [],
        "startup-5y-1000-photos": [],
    }
    for _ in range(runs):
        times["bare-pyside6-window"].append(time_to_window(BARE_WINDOW))
        times["qt-only-library-window"].append(time_to_window(QT_ONLY_WINDOW, *floor_args))
        times["startup-5y-1000-photos"].append(time_to_window(BACKTRACKER, str(data_dir)))
    baseline = statistics.median(times["bare-pyside6-window"])
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name}: {median:.3f} s (ratio {median / baseline:.2f} x bare-pyside6-window)"
            f" [{min(values):.3f}-{max(values):.3f} s, {runs} runs]"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", type=Path, metavar="PATH", help="keep the profile here")
    args = parser.parse_args()
    on_profile(args.profile, lambda data_dir: measure(data_dir, args.runs))


if __name__ == "__main__":
    main()
