"""Pure core: content models, loading and validation, normalisation and scoring.

Nothing in this package imports Textual, Rich, the store or the CLI
(``tests/test_import_hygiene.py`` checks it in a subprocess).
"""
