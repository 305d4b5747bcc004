"""Words and small formats shared by the progress screens and the reports (Traditional Chinese).

Everything here reads without colour: a mastery level is a word and a bar as
well as a number, a due date is said in days.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from trainer.core.spaced import Schedule, end_of_day

KIND_WORDS = {"practice": "情境", "question": "面試題", "interview": "面試", "typing": "打字"}
STATUS_WORDS = {"open": "未完成", "finished": "已完成", "discarded": "已放棄"}
OUTCOME_WORDS = {"resolved": "已解決", "escalated": "已升級", "lost": "已流失", "completed": "已完成",
                 "passed": "通過", "failed": "未通過"}
# Mastery levels, lowest first: (from score, word, css class).
LEVELS = ((0.0, "待加強", "weak"), (60.0, "尚可", "fair"), (80.0, "熟練", "good"))
BLOCKS = " ▏▎▍▌▋▊▉█"


def level(score: float | None) -> tuple[str, str]:
    """The word and CSS class of a 0–100 mastery: ``level(72) == ("尚可", "fair")``."""
    if score is None:
        return "—", "none"
    word, css = LEVELS[0][1], LEVELS[0][2]
    for start, name, cls in LEVELS:
        if score >= start:
            word, css = name, cls
    return word, css


def bar(score: float | None, width: int = 10) -> str:
    """A bar of ``width`` cells for a 0–100 score, in eighths: ``bar(55, 4) == "██▏ "``."""
    if score is None:
        return " " * width
    eighths = round(max(0.0, min(100.0, score)) / 100 * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (BLOCKS[part] if part else "")
    return text.ljust(width)


def window_text(days: int | None) -> str:
    """Which part of the history the weakest points come from: 全部紀錄, or 近 N 天."""
    return "全部紀錄" if days is None else f"近 {days} 天"


def number(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def local_time(stamp: str | None, tz: tzinfo | None = None, none: str = "—") -> str:
    """A stored ISO time as local ``YYYY-MM-DD HH:MM`` (``none`` when missing)."""
    if not stamp:
        return none
    try:
        return datetime.fromisoformat(stamp).astimezone(tz).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16]


def when_due(plan: Schedule, now: datetime, tz: tzinfo | None = None) -> str:
    """``今天`` / ``逾期 3 天`` / ``明天`` / ``5 天後`` for an item's due date."""
    tz = tz or now.tzinfo
    today = now.astimezone(tz).date()
    due_day = plan.due.astimezone(tz).date()
    days = (due_day - today).days
    if plan.due < end_of_day(now, tz) and days >= 0:
        return "今天"
    if days < 0:
        return f"逾期 {-days} 天"
    return "明天" if days == 1 else f"{days} 天後"


def interval_text(days: float) -> str:
    """An item's interval in words: ``重新學習`` right after a fail, else in days."""
    if days <= 0:
        return "重新學習"
    if days < 1.5:
        return "1 天"
    return f"{days:.0f} 天"


def duration_text(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
