"""The app's own look: a dark and a light theme around Taobao's orange.

Both keep the same meanings: orange (primary) is the trainee and what has
focus, teal (secondary) the buyer, green and red the coach's ✓ and ✗. The
light theme uses darker shades of the same hues, so text on it keeps its
contrast (``tests/test_ui_themes.py`` measures every screen in both).
"""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="trainer-dark",
    primary="#F07C2F",
    secondary="#3FA7B5",
    accent="#FFB347",
    warning="#E8B339",
    error="#F0605D",
    success="#6CC070",
    foreground="#E9E4DC",
    background="#15171B",
    surface="#1D2026",
    panel="#282C34",
    dark=True,
    variables={
        "footer-key-foreground": "#FFB347",
        "block-cursor-background": "#F07C2F",
        "block-cursor-foreground": "#15171B",
        "input-selection-background": "#F07C2F 35%",
        "border": "#F07C2F",
        "border-blurred": "#4A505B",
    },
)

LIGHT = Theme(
    name="trainer-light",
    primary="#B8470E",
    secondary="#17697A",
    accent="#A35200",
    warning="#8A6100",
    error="#B3261E",
    success="#2E7031",
    foreground="#1E1A16",
    background="#FBF8F3",
    surface="#FFFFFF",
    panel="#EFE8DE",
    dark=False,
    variables={
        "footer-key-foreground": "#A33F0B",
        "block-cursor-background": "#B8470E",
        "block-cursor-foreground": "#FFFFFF",
        "input-selection-background": "#B8470E 30%",
        "border": "#B8470E",
        "border-blurred": "#C9BFB2",
    },
)

THEMES = (DARK, LIGHT)
WIDE = 120  # terminal columns from which screens use the width (the chat's feedback beside it)
