"""Chinese line breaking for the UI's paragraphs: no 「，」 or 「。」 starting a line.

Textual folds a Chinese paragraph wherever the width runs out, so a closing
mark (，。、；：？！」』）】》…) can land alone at the start of a line and an
opening bracket (「『（【《) at the end of one. ``breaks`` finds the usual CJK
break points instead: where a line would start with a closing mark (or end
with an opening bracket) the break moves back, taking the character before it
to the next line with it. ``Wrapped`` is a Textual visual that applies it at
whatever width its widget has, so bubbles, feedback, cards and intros wrap
correctly at any terminal size.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size as cell_size
from rich.cells import split_graphemes
from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

# Closing marks and ellipses that must not start a line, opening brackets that must not end one.
NO_START = frozenset("，。、；：？！」』）】》〉〕…‥・,.;:?!)]}%～")
NO_END = frozenset("「『（【《〈〔([{")


def breaks(line: str, width: int) -> list[int]:
    """Where to break ``line`` (no newlines) to fit ``width`` cells: character offsets, in order."""
    cuts: list[int] = []
    start = 0
    while width > 0:
        cut = _fold(line, start, width)
        if cut is None:
            return cuts
        start = _settle(line, start, cut)
        cuts.append(start)
    return cuts


def _fold(line: str, start: int, width: int) -> int | None:
    """Where the line after ``start`` ends (None: the rest fits): as many characters as fit,
    broken beside a wide (Chinese) character or after a space, never inside a grapheme (a
    character with its zero-width marks and joiners, measured as Rich and Textual draw it).
    Inside a run of narrow characters (a word, a number) the break goes back to its start, as
    Rich's word wrapping would; Rich alone would also move a whole run of Chinese without
    spaces to the next line, leaving 「進行中 ·」 alone on the one before."""
    # Only the next line's worth matters: a window keeps a long paragraph linear, not quadratic.
    window = line[start:start + 2 * width + 64]
    spans, _cells = split_graphemes(window)
    whole = start + len(window) >= len(line)
    if not whole and len(spans) > 1:
        spans = spans[:-1]  # the window may end inside this one
    cells, end = 0, start
    for first, last, size in spans:
        if cells + size > width and not window[first].isspace():  # spaces may hang past the edge
            break
        cells, end = cells + size, start + last
    else:
        if whole:
            return None
    end = max(end, start + spans[0][1])  # a character wider than the line still takes one
    if _between_words(line, end):
        word = end
        while word > start and (_between_words(line, word) or _joined(line, word)):
            word -= 1
        return word if word > start else end  # a word longer than the line is folded
    return end


def _joined(line: str, at: int) -> bool:
    """Whether ``line[at]`` belongs to the character before it: a zero-width one (a combining
    mark, a zero-width space or joiner, a BOM) or the one after a joiner (an emoji sequence)."""
    return cell_size(line[at]) == 0 or line[at - 1] == "\u200d"


def _between_words(line: str, at: int) -> bool:
    """Whether a break before ``line[at]`` splits a run of narrow characters (a word, a number)."""
    before, after = line[at - 1], line[at]
    return not (before.isspace() or cell_size(before) > 1 or cell_size(after) > 1)


def _settle(line: str, start: int, cut: int) -> int:
    """``cut`` moved back until the next line starts well and this one ends well (if it can)."""
    def bad(at: int) -> bool:
        return line[at] in NO_START or line[at - 1] in NO_END or _joined(line, at)

    moved = cut
    while moved > start + 1 and bad(moved):
        moved -= 1
    return cut if bad(moved) else moved


def wrap_lines(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells by the rule above (for tests and tools)."""
    out: list[str] = []
    for line in text.split("\n"):
        at = 0
        for cut in breaks(line, width):
            out.append(line[at:cut].rstrip())
            at = cut
        out.append(line[at:])
    return out


class Wrapped(Visual):
    """A paragraph (Rich ``Text`` or ``Content``) wrapped by the CJK rule at the widget's width."""

    def __init__(self, text: Text | Content) -> None:
        self._source = text
        self._content: Content | None = None
        self._at: tuple[int, Content] | None = None

    @property
    def content(self) -> Content:
        if self._content is None:  # converted on first use: inside the app, with its theme
            source = self._source
            self._content = Content.from_rich_text(source) if isinstance(source, Text) else source
        return self._content

    @property
    def plain(self) -> str:
        return self.content.plain

    def __str__(self) -> str:
        return self.content.plain

    def _wrapped(self, width: int, rules: RulesMap) -> Content:
        if width <= 0 or rules.get("text_wrap", "wrap") == "nowrap":
            return self.content
        if self._at is None or self._at[0] != width:
            lines: list[Content] = []
            for line in self.content.split("\n", allow_blank=True):
                cuts = breaks(line.plain, width)
                lines.extend(line.divide(cuts) if cuts else [line])
            self._at = (width, Content("\n").join(lines))
        return self._at[1]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        pad = rules.get("line_pad", 0) * 2
        return self._wrapped(width - pad, rules).get_height(rules, width)

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        pad = options.rules.get("line_pad", 0) * 2
        return self._wrapped(width - pad, options.rules).render_strips(width, height, style, options)


def para(text: str | Text | Content) -> Wrapped:
    """A paragraph for a ``Static``: a string is taken literally (never markup), then wrapped."""
    return Wrapped(Content(text) if isinstance(text, str) else text)
