"""Reading the ``--replies`` file of ``trainer score``: bounded, and numbered as editors number lines.

The file may be anything the user names: ``/dev/zero`` (endless), a pipe, a
file with one enormous line. Reading stops at ``MAX_BYTES`` and a line longer
than ``MAX_REPLY_CHARS`` is refused with its line number, so neither can exhaust
memory. Lines are split on ``\\n`` only (``\\r\\n`` accepted): U+2028, ``\\x85``
and form feeds are characters inside a reply, not line ends, as in every editor.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_BYTES = 8 * 1024 * 1024
MAX_REPLY_CHARS = 5000  # far above any chat reply; the app's own box holds less
_CHUNK = 1 << 16


class RepliesError(Exception):
    """The replies file cannot be used; ``str()`` says why, for the user."""


def read_limited(path: Path, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit`` bytes of ``path`` (any kind of file); RepliesError past that."""
    if path.is_dir():
        raise RepliesError(f"{path} is a folder; give a text file with one reply a line")
    chunks: list[bytes] = []
    total = 0
    with path.open("rb", buffering=0) as fh:
        while chunk := fh.read(_CHUNK):
            total += len(chunk)
            if total > limit:
                raise RepliesError(f"{path} is larger than {limit // 1048576} MB; "
                                   "split it into smaller files")
            chunks.append(chunk)
    return b"".join(chunks)


def parse_replies(data: bytes, name: str) -> list[tuple[int, str]]:
    """Every non-blank line of UTF-8 ``data`` with its 1-based line number."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = data.count(b"\n", 0, exc.start) + 1
        raise RepliesError(f"{name}:{where}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
                           f"{exc.start}); save it as UTF-8 and try again") from None
    out = []
    for number, raw in enumerate(text.split("\n"), 1):
        reply = raw.removesuffix("\r").strip()
        if len(reply) > MAX_REPLY_CHARS:
            raise RepliesError(f"{name}:{number}: the reply is {len(reply):,} characters long; "
                               f"a reply may have at most {MAX_REPLY_CHARS:,}")
        if reply:
            out.append((number, reply))
    return out


def read_replies(name: str) -> list[tuple[int, str]]:
    """``parse_replies`` of the file called ``name``."""
    return parse_replies(read_limited(Path(os.fsdecode(name))), name)
