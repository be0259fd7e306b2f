"""The ``curator-gui`` entry point, above both the core and the window: subcommands run from the Qt-free core
(:mod:`curator_gui.core.commands`); anything else opens the window.

Subcommand modules are imported only when chosen, and Qt only when the window is asked for, so scripts and
CI jobs that call ``validate`` or ``list`` never pay for (or need) a GUI toolkit. The core never imports this
module or the window.
"""
from __future__ import annotations

import argparse
import sys

from curator_gui import __version__
from curator_gui.core.commands import SUBCOMMANDS, run_subcommand


def _window_size(text: str) -> tuple[int, int]:
    """'1024x640' → (1024, 640); a clear usage error otherwise."""
    width, _x, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit() and 200 <= int(width) <= 10000 and 200 <= int(height) <= 10000):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1024x640 (200 to 10000 pixels each way)")
    return int(width), int(height)


def _top_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="curator-gui",
        description="Edit curated-content Markdown files. With no subcommand, opens the editor window.",
        epilog="subcommands:\n" + "\n".join(f"  {n:<9} {h}" for n, (_, h) in SUBCOMMANDS.items())
        + "\n\nRun 'curator-gui SUBCOMMAND --help' for a subcommand's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", nargs="?", help="folder to open, or a file to open and select")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen to a PNG and exit")
    parser.add_argument("--select", metavar="FILE", help="file to open in the window (with --screenshot)")
    parser.add_argument("--size", metavar="WxH", type=_window_size, default=None,
                        help="the window's size for --screenshot (default 1280x800)")
    parser.add_argument("--version", action="version", version=f"curator-gui {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code (0 ok, 1 failure, 2 bad usage)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        # File names that are not UTF-8 (and any other unencodable text) print as escapes, never as a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        if argv and argv[0] in SUBCOMMANDS:
            try:
                return run_subcommand(argv)
            except (SystemExit, KeyboardInterrupt, BrokenPipeError):
                raise
            except Exception as error:  # noqa: BLE001 - a fault nobody foresaw still gets one line, not a traceback
                from curator_gui.core.urls import strip_userinfo

                detail = strip_userinfo(" ".join(str(error).split()))[:300]
                print(f"curator-gui: internal error: {type(error).__name__}: {detail}", file=sys.stderr)
                return 1
        args = _top_parser().parse_args(argv)
        from curator_gui.ui.app import run_gui  # Qt is imported only on this path

        if args.size and not args.screenshot:
            print("curator-gui: --size goes with --screenshot", file=sys.stderr)
            return 2
        return run_gui(args.path, screenshot=args.screenshot, select=args.select, size=args.size)
    except SystemExit as exit_:  # argparse's usage errors and --help
        return exit_.code if isinstance(exit_.code, int) else 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def entry() -> None:
    """Console-script wrapper."""
    sys.exit(main())


if __name__ == "__main__":
    entry()
