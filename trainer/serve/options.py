"""The ``serve`` subcommand's arguments (argparse only: imported on every CLI start)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_GRACE = 3.0  # seconds between SIGTERM and SIGKILL for an app process


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 (any free port) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range 0-65535: {port}")
    return port


def public_url(text: str) -> str:
    """An argparse type: an http(s) URL the browser uses to reach the server."""
    if not text.startswith(("http://", "https://")) or len(text.split("://", 1)[1].strip("/")) == 0:
        raise argparse.ArgumentTypeError(f"not an http:// or https:// URL: {text!r}")
    return text.rstrip("/")


def header_name(text: str) -> str:
    """An argparse type: an HTTP header name (letters, digits, ``-``)."""
    if not text or not all(c.isascii() and (c.isalnum() or c == "-") for c in text):
        raise argparse.ArgumentTypeError(f"not an HTTP header name: {text!r}")
    return text


def add_serve_command(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                      func: Callable[[argparse.Namespace], int]) -> None:
    p = sub.add_parser(
        "serve", help="serve the app to browsers (one app process per tab)",
        description="Serve the app over HTTP with textual-serve: every browser tab gets its own "
        "app process, started with the same global --db/--content/--user/--script options. "
        "Closing a tab ends its process; stopping the server (Ctrl+C, SIGTERM) ends them all. "
        "The page loads nothing from outside the server. Every tab asks for a login "
        "(accounts: `trainer user add`), unless --trust-header takes it from a proxy.")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to listen on (default: {DEFAULT_HOST}; 0.0.0.0 for every interface)")
    p.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                   help=f"TCP port (default: {DEFAULT_PORT})")
    p.add_argument("--public-url", type=public_url, metavar="URL",
                   help="the address browsers use, e.g. https://trainer.example.com behind a "
                   "reverse proxy (default: the address each request came to)")
    p.add_argument("--trust-header", type=header_name, metavar="HEADER",
                   help="take the account from this request header (e.g. X-Remote-User), set by a "
                   "reverse proxy that authenticates; requests without it are refused (403). "
                   "Without this option the header is ignored (docs/accounts.md)")
    p.set_defaults(func=func)
