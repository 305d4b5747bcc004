"""The command palette's one provider: every key binding of the screen, plus app-wide commands.

Commands come from the screen's active bindings that this app declares (so
whatever the footer offers, the palette offers too, with the same words; the
editing keys Textual's widgets bring along stay out), followed by a few
commands that have no key: the theme, the keys panel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.fuzzy import Matcher

from trainer.ui.text import plain

Command = tuple[str, str, Callable[[], Any]]
EXTRA = (
    ("切換深色／淺色主題", "在深色與淺色主題之間切換", "app.toggle_theme"),
    ("顯示按鍵說明", "在右側列出目前可用的按鍵", "app.show_help_panel"),
    ("隱藏按鍵說明", "關閉右側的按鍵說明", "app.hide_help_panel"),
)
HIDDEN_ACTIONS = {"command_palette", "app.command_palette", "help_quit", "app.help_quit"}


class TrainerCommands(Provider):
    """Every action of the current screen, in the display script."""

    def _commands(self) -> Iterator[Command]:
        convert = getattr(self.app, "ctx", None)
        t: Callable[[str], str] = convert.t if convert is not None else (lambda s: s)
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or not binding.description or binding.action in HIDDEN_ACTIONS:
                continue
            if binding.action in seen or binding.action not in _own_actions(active.node):
                continue
            seen.add(binding.action)
            key = self.app.get_key_display(binding)
            run = partial(self.app.run_action, binding.action, active.node)
            yield f"{binding.description}（{key}）", binding.tooltip or "", run
        for name, help_text, action in EXTRA:
            yield t(name), t(help_text), partial(self.app.run_action, action)

    async def discover(self) -> Hits:
        for name, help_text, run in self._commands():
            yield DiscoveryHit(plain(name), run, text=name, help=_help(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _highlight(matcher, name), run, text=name, help=_help(help_text))


# The palette parses a string prompt or help as markup; Content objects go through as they are.
def _help(text: str) -> Any:
    return plain(text) if text else None


def _highlight(matcher: Matcher, name: str) -> Content:
    """``Matcher.highlight`` without parsing ``name`` as markup: the matched characters reversed."""
    content = plain(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _own_actions(node: DOMNode) -> set[str]:
    """Actions bound in the ``BINDINGS`` of this app's own classes (not Textual's widgets)."""
    actions: set[str] = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("trainer."):
            actions.update(b.action for b in cls.__dict__.get("BINDINGS", ()) if isinstance(b, Binding))
    return actions
