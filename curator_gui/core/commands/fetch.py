"""``curator-gui fetch URL``: print a page's metadata as a front-matter fragment (YAML or JSON).

Exit codes: 0 printed, 1 the page could not be fetched or read (one line on stderr), 2 bad usage. A page cut
off after its head (a deadline, a broken connection) is printed with a one-line note on stderr. The network
and HTML libraries are imported inside :func:`run`, so listing commands or asking for help stays fast.
"""
from __future__ import annotations

import argparse
import sys


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return value


def _web_url(text: str) -> str:
    from curator_gui.core.fetch.netmessages import printable
    from curator_gui.core.urls import is_web_url, strip_userinfo

    text = text.strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError("the URL is not valid UTF-8 text") from None
    if not is_web_url(text):
        raise argparse.ArgumentTypeError(f"not an http(s) URL: {printable(repr(strip_userinfo(text)))} "
                                         f"(only http:// and https:// pages are fetched)")
    return text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("url", metavar="URL", type=_web_url,
                        help="address of the page (with --html: its address, used as the base for links)")
    parser.add_argument("--format", choices=("yaml", "json"), default="yaml", help="output format (default: yaml)")
    parser.add_argument("--timeout", type=_positive_seconds, default=20.0, metavar="S",
                        help="give up after S seconds in total (default: 20)")
    parser.add_argument("--html", metavar="FILE",
                        help="read the page from FILE (saved from a browser) instead of the network")


#: What is escaped in the printed fragment: controls that act on a terminal (newline and tab are harmless).
_ESCAPED = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"


def render(fragment: dict, fmt: str) -> str:
    """The fragment as YAML (block style, keys in the fragment's order) or as indented JSON.

    A page's text may hold terminal controls (an ESC that recolours the screen, a C1 CSI, a bidirectional
    override): they are written as escapes (``\\u001b``), so the output is safe to print and reads back equal.
    """
    import re

    unsafe = re.compile(f"[{_ESCAPED}]")
    if fmt == "json":
        import json

        text = json.dumps(fragment, ensure_ascii=False, indent=2) + "\n"
    else:
        import yaml

        class Dumper(yaml.SafeDumper):
            pass

        def quoted_if_unsafe(dumper, value: str):  # a double-quoted scalar is the only YAML form with escapes
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if unsafe.search(value) else None)

        Dumper.add_representer(str, quoted_if_unsafe)
        text = yaml.dump(fragment, Dumper=Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                         width=1000)
    # Whatever the library left raw now sits inside a JSON string or a double-quoted YAML scalar, where a
    # \uXXXX escape means the same character.
    return unsafe.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def run(args: argparse.Namespace) -> int:
    """Fetch (or read) the page and print its fragment; returns the exit code."""
    from curator_gui.core.errors import CuratorError
    from curator_gui.core.fetch.netmessages import clean_message

    notes: list[str] = []
    try:
        fragment, notes = fetch_fragment(args.url, args.html, args.timeout)
        text = render(fragment, args.format)
    except CuratorError as error:
        print(f"curator-gui fetch: {clean_message(error)}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - an unforeseen fault still gets one line, not a traceback
        print(f"curator-gui fetch: internal error: {clean_message(f'{type(error).__name__}: {error}')}",
              file=sys.stderr)
        return 1
    sys.stdout.write(text)
    for note in notes:
        print(f"curator-gui fetch: note: {clean_message(note)}", file=sys.stderr)
    return 0


def fetch_fragment(url: str, html_file: str | None, timeout: float) -> tuple[dict, list[str]]:
    """The fragment for ``url`` (read from ``html_file`` when given, else fetched) and the notes to show with
    it; no string in it carries URL credentials. Raises :class:`~curator_gui.core.errors.CuratorError`."""
    from curator_gui.core.urls import strip_userinfo, without_userinfo

    if html_file:
        import time

        from curator_gui.core.fetch.extract import metadata_from_file

        fragment = metadata_from_file(html_file, strip_userinfo(url), deadline=time.monotonic() + timeout)
        return without_userinfo(fragment), []
    from curator_gui.core.fetch.http import fetch_result

    result = fetch_result(url, timeout=timeout)
    return result.fragment, result.notes
