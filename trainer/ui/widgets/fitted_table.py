"""A data table whose cells that do not fit end in 「…」, with the full text on hover.

Textual cuts a cell at its column's width without a mark (「平台/要求客服介」 for
平台/要求客服介入), so the reader cannot tell that anything is missing. Here a
cell wider than its fixed-width column is cut one cell shorter and ends in 「…」;
the highlighted row's cut cells are the table's tooltip (hover), and
``full_text`` gives them to a screen that shows them elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from trainer.ui.text import cell, cells, plain

Columns = Sequence[tuple[str, int]]  # (heading, width in cells), every width fixed


class FittedTable(DataTable[Any]):
    """``DataTable`` that marks cut cells with 「…」 (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cut: dict[RowKey, list[str]] = {}  # per row: the full text of its cut cells
        self._full: dict[RowKey, list[str]] = {}  # per row with a cut cell: every cell in full

    def add_row(self, *values: Any, height: int | None = 1, key: str | None = None,
                label: Any = None) -> RowKey:
        fitted, cut = [], []
        for column, value in zip(self.ordered_columns, values, strict=False):
            if isinstance(value, Text) and not column.auto_width and value.cell_len > column.width > 1:
                short = value.copy()
                short.truncate(column.width - 1)  # a wide character cut in half leaves a space
                short.rstrip()
                short.append("…")
                fitted.append(short)
                cut.append(value.plain)
            else:
                fitted.append(value)
        fitted.extend(values[len(fitted):])
        row_key = super().add_row(*cells(*fitted), height=height, key=key, label=label)
        if cut:
            self._cut[row_key] = cut
            self._full[row_key] = [v.plain if isinstance(v, Text) else str(v) for v in values]
        if self.row_count - 1 == self.cursor_row:  # the cursor stayed put while the rows changed
            self._show_tip()
        return row_key

    def set_columns(self, columns: Columns) -> bool:
        """Use these fixed-width columns; True when they changed (the rows are then gone: refill)."""
        if [(c.label.plain, c.width) for c in self.ordered_columns] == [(h, w) for h, w in columns]:
            return False
        self.clear(columns=True)
        for heading, width in columns:
            self.add_column(cell(heading), width=width)
        return True

    def clear(self, columns: bool = False) -> FittedTable:
        self._cut.clear()
        self._full.clear()
        super().clear(columns)
        self.tooltip = None
        return self

    def full_text(self, row: int | None = None) -> str:
        """The full text of the cut cells of ``row`` (the cursor's by default), one a line."""
        index = self.cursor_row if row is None else row
        if not 0 <= index < self.row_count:
            return ""
        row_key, _column = self.coordinate_to_cell_key(Coordinate(index, 0))
        return "\n".join(self._cut.get(row_key, []))

    def full_row(self, row_key: str | RowKey) -> list[str]:
        """Every cell of the row with ``row_key`` as it was given, before any cut."""
        key = RowKey(row_key) if isinstance(row_key, str) else row_key
        return self._full.get(key) or [c.plain if isinstance(c, Text) else str(c) for c in self.get_row(key)]

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        self._show_tip()

    def _show_tip(self) -> None:
        full = self.full_text()
        self.tooltip = plain(full) if full else None
