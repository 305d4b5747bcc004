"""``trainer serve``: the app in a browser, one app process per tab (textual-serve).

``command`` builds the shell command each tab runs (pure, no I/O); ``env`` names
the variables the server sets for its apps; ``options`` adds the subcommand to
the CLI without importing anything heavy; ``children`` ends app processes by
process group; ``server`` is the textual-serve server that owns them. Only
``server`` imports aiohttp and textual-serve, and only when ``trainer serve``
actually runs.
"""
