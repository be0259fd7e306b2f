"""Starting the window: ``build_window`` (fully wired, no event loop) and ``run_gui`` (the command line's entry).

``run_gui`` also implements ``--screenshot``: the window is built offscreen at 1280x800 (or ``--size``), shown
once the folder is listed and read (and the selected file is open), written to a PNG, and the program exits.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from curator_gui.ui.icons import icon
from curator_gui.ui.locations import seeds_dir
from curator_gui.ui.main_window import MainWindow
from curator_gui.ui.settings import Settings

SCREENSHOT_SIZE = (1280, 800)
_SCREENSHOT_TIMEOUT = 60.0


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created on first use."""
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName("curator-gui")
        QCoreApplication.setApplicationName("curator-gui")
        app = QApplication(argv if argv is not None else [sys.argv[0] if sys.argv else "curator-gui"])
        app.setApplicationDisplayName("Curator")
        app.setDesktopFileName("curator-gui")
        app.setWindowIcon(icon("app"))
    return app


def start_target(path: str | None, settings: Settings) -> tuple[str, str | None]:
    """(folder to open, file to select) for a command-line PATH: a folder, a file, or nothing (last folder
    used, else the bundled samples, else the current folder)."""
    if path:
        target = os.path.abspath(path)
        if os.path.isfile(target):
            return os.path.dirname(target), target
        if os.path.isdir(target):
            return target, None
        raise FileNotFoundError(f"{path}: no such file or folder")
    last = settings.last_folder()
    if last:
        return last, None
    seeds = seeds_dir()
    return (str(seeds) if seeds else os.getcwd()), None


def build_window(path: str | None = None, *, remember: bool = True) -> MainWindow:
    """The fully wired window on ``path`` (see :func:`start_target`), without starting the event loop."""
    ensure_application()
    settings = Settings()
    folder, select = start_target(path, settings)
    window = MainWindow(settings=settings, remember=remember)
    window.open_folder(folder, select=select)
    return window


def _wait(condition, timeout: float) -> bool:
    """Run the event loop until ``condition()`` holds; False on timeout."""
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > deadline:
            return False
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    return True


def take_screenshot(window: MainWindow, out: str, select: str | None,
                    size: tuple[int, int] = SCREENSHOT_SIZE) -> int:
    """Show ``window`` at ``size`` once it is listed and read, save it as ``out``; returns the exit code."""
    window.resize(*size)
    window.show()
    if not _wait(lambda: window.listed and not window.index.scanning, _SCREENSHOT_TIMEOUT):
        print("curator-gui: the folder was not read in time for the screenshot", file=sys.stderr)
        return 1
    if select:
        target = select if os.path.isabs(select) or os.path.exists(select) else os.path.join(window.root, select)
        if not window.select_file(target):
            print(f"curator-gui: {select}: not a file of {window.root}", file=sys.stderr)
            return 1
        wanted = os.path.abspath(target)
        if not _wait(lambda: window.current is not None and window.current.path == wanted, 10):
            return 1
    _wait(lambda: False, 0.3)  # let layouts and the body preview settle
    image = window.grab().toImage()
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    if not image.save(out, "PNG"):
        print(f"curator-gui: cannot write {out}", file=sys.stderr)
        return 1
    print(out)
    return 0


def run_gui(path: str | None = None, screenshot: str | None = None, select: str | None = None,
            size: tuple[int, int] | None = None) -> int:
    """Open the window (the command line without a subcommand). Returns the exit code."""
    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = ensure_application()
    try:
        window = build_window(path, remember=not screenshot)
    except FileNotFoundError as error:
        print(f"curator-gui: {error}", file=sys.stderr)
        return 2
    if screenshot:
        try:
            return take_screenshot(window, screenshot, select, size or SCREENSHOT_SIZE)
        finally:
            window.shutdown()
    if select:
        window.select_file(select if os.path.isabs(select) or os.path.exists(select)
                           else os.path.join(window.root, select))
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    return app.exec()
