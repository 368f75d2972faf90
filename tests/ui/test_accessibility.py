"""Every control has a name a screen reader can say, and text follows the system font."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from backtracker.ui.icons import icon
from backtracker.ui.progress.mpl import FigureCanvasQTAgg

INTERACTIVE = (
    FigureCanvasQTAgg,  # the charts: not focusable, but a screen reader still names them
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
)


def _visit_everything(window, qtbot) -> None:
    """Build every lazy tab and open the views that only exist once used."""
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
    window.library.page_bar.setCurrentIndex(1)  # the muscle guide
    window.tabs.setCurrentWidget(window.log_page)
    window.log.start_page.routine_buttons[0].click()  # a running workout: cards and set tables
    assert window.log.editor.cards
    # The first weight opens for typing: its cell editor is a control too.
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    window.tabs.setCurrentWidget(window.photos_page)
    photos = window.photos
    photos.view.setCurrentIndex(photos.view.model().index(0, 0))  # the side panel
    photos.compare()
    window.tabs.setCurrentWidget(window.progress_page)
    window.progress_page.content().overview_button.setChecked(True)


def _is_internal(widget: QWidget) -> bool:
    """Qt's own parts of a named control: scroll bars, headers, a spin box's line edit…"""
    return (
        isinstance(widget, (QScrollBar, QHeaderView))
        or widget.objectName().startswith("qt_")
        or isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox, QLineEdit))
    )


def _spoken_name(window, widget: QWidget) -> str:
    """What a screen reader says: the accessible name, a button's text, or a buddy label."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return widget.text()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget and label.text().replace("&", "").strip():
            return label.text()
    return ""


def _describe(widget: QWidget) -> str:
    """Class and object name, the path of containers above it, and its tooltip."""
    path = []
    parent = widget.parentWidget()
    while parent is not None and len(path) < 4:
        path.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    where = " < ".join(path) or "-"
    return f"{type(widget).__name__} '{widget.objectName()}' in {where}: {widget.toolTip()!r}"


def _controls(window) -> list[QWidget]:
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.window() is window  # not the popups of combo boxes
        and not _is_internal(widget)
        and (
            isinstance(widget, INTERACTIVE)
            or (widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not isinstance(widget, QLabel))
        )
    ]


def test_every_control_has_an_accessible_name(demo_window, qtbot):
    _visit_everything(demo_window, qtbot)
    controls = _controls(demo_window)
    kinds = {type(widget).__name__ for widget in controls}
    # The walk really reaches every tab's kinds of controls, charts and the photo canvas.
    assert {
        "SetTableView",
        "CompareCanvas",
        "ExerciseCombo",
        "QTreeView",
        "ChartCanvas",
        "GalleryView",
    } <= kinds, kinds
    offenders = [_describe(w) for w in controls if not _spoken_name(demo_window, w)]
    assert not offenders, "Controls without an accessible name:\n" + "\n".join(offenders)


def test_icon_only_buttons_have_tooltips(demo_window, qtbot):
    _visit_everything(demo_window, qtbot)
    offenders = [
        _describe(widget)
        for widget in demo_window.findChildren(QAbstractButton)
        if not widget.icon().isNull()
        and not widget.text().replace("&", "").strip()
        and not widget.toolTip().strip()
        and widget.window() is demo_window
        and not _is_internal(widget)
    ]
    assert not offenders, "Icon-only buttons without a tooltip:\n" + "\n".join(offenders)


def _opaque_pixels(image) -> int:
    return sum(
        1
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    )


def test_icons_stay_sharp_at_device_pixel_ratio_2(theme):
    crisp = icon("library").pixmap(QSize(16, 16), 2.0)
    assert crisp.devicePixelRatio() == 2.0
    assert (crisp.width(), crisp.height()) == (32, 32)  # drawn with 32 px, not 16 px
    # Drawn at 2x, the lines keep solid pixels; a 16 px icon blown up to 32 px smears them.
    blown_up = (
        icon("library")
        .pixmap(QSize(16, 16), 1.0)
        .scaled(32, 32, mode=Qt.TransformationMode.SmoothTransformation)
    )
    assert _opaque_pixels(crisp.toImage()) > 1.5 * _opaque_pixels(blown_up.toImage())


def test_text_follows_the_system_font(qapp, qtbot, seeded, theme):
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.ui.application import ui_state
    from backtracker.ui.main_window import MainWindow

    seed_builtin_routines()
    before = QApplication.font()
    big = QFont(before)
    big.setPointSize(16)
    QApplication.setFont(big)
    try:
        window = MainWindow(seeded, ui_state(seeded))
        qtbot.addWidget(window)
        window.show()
        window.tabs.setCurrentWidget(window.log_page)
        title = window.library.exercise_detail.title
        assert title.font().pointSizeF() == pytest.approx(16 * 1.6)
        assert window.library.filters.search.font().pointSizeF() == 16
        assert window.log.start_page.empty_button.font().pointSizeF() == 16
        fixed = [
            _describe(widget)
            for widget in window.findChildren(QWidget)
            if widget.font().pixelSize() > 0 or "font-size" in widget.styleSheet()
        ]
        assert not fixed, "Fonts fixed in pixels:\n" + "\n".join(fixed)
    finally:
        QApplication.setFont(before)


def _light_pixels(widget: QWidget) -> int:
    image = widget.grab().toImage()
    return sum(
        1
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
        if image.pixelColor(x, y).lightness() > 160
    )


def test_text_and_buttons_stay_readable_in_the_dark_theme(demo_window, qtbot):
    """After a resize and a switch to dark, style-sheeted widgets follow (they once froze)."""
    from backtracker.ui.theme import ThemeMode

    library = demo_window.library
    library.select_catalogue_key("dumbbell-row")
    body = library.exercise_detail.body
    routine_button = demo_window.log.start_page.routine_buttons[0]  # builds the Log tab
    demo_window.resize(1920, 1080)
    qtbot.wait(50)
    demo_window.theme_actions[ThemeMode.DARK].trigger()
    qtbot.wait(50)
    assert _light_pixels(body) > 200  # the form steps and cues, drawn in light text
    # A routine button is a dark button with light text, not a white one left over.
    demo_window.tabs.setCurrentWidget(demo_window.log_page)
    qtbot.wait(50)
    button = routine_button.grab().toImage()
    area = (button.width() // 3) * (button.height() // 3)
    assert _light_pixels(routine_button) < area // 4
