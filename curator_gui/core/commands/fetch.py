"""``curator-gui fetch URL``: print a page's metadata as a front-matter fragment (YAML or JSON).

Exit codes: 0 printed, 1 the page could not be fetched or read (one line on stderr), 2 bad usage. The network
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
    from curator_gui.core.urls import is_web_url, without_credentials

    text = text.strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError("the URL is not valid UTF-8 text") from None
    if not is_web_url(text):
        shown = without_credentials(text)
        raise argparse.ArgumentTypeError(f"not an http(s) URL: {shown!r} (only http:// and https:// pages are fetched)")
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


def render(fragment: dict, fmt: str) -> str:
    """The fragment as YAML (block style, keys in the fragment's order) or as indented JSON."""
    if fmt == "json":
        import json

        return json.dumps(fragment, ensure_ascii=False, indent=2) + "\n"
    import yaml

    return yaml.safe_dump(fragment, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)


def run(args: argparse.Namespace) -> int:
    """Fetch (or read) the page and print its fragment; returns the exit code."""
    from curator_gui.core.errors import CuratorError

    try:
        if args.html:
            from curator_gui.core.fetch.extract import metadata_from_file

            fragment = metadata_from_file(args.html, args.url)
        else:
            from curator_gui.core.fetch.http import fetch_metadata

            fragment = fetch_metadata(args.url, timeout=args.timeout)
        text = render(fragment, args.format)
    except CuratorError as error:
        print(f"curator-gui fetch: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - an unforeseen fault still gets one line, not a traceback
        detail = " ".join(str(error).split())
        print(f"curator-gui fetch: internal error: {type(error).__name__}: {detail}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0
