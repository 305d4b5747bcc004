"""The environment ``trainer serve`` gives each app process, read by ``trainer.services.identity``.

Kept apart from ``command`` so that every start, which asks identity whether it is
served, does not import the server's option classes.
"""

from __future__ import annotations

SERVED_ENV = "TRAINER_SERVED"  # "1": a browser tab's app, on a store shared by many
REMOTE_USER_ENV = "TRAINER_REMOTE_USER"  # the account a trusted proxy header named (--trust-header)
