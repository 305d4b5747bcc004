"""Reports and exports for people outside the app: managers, interviewers, a company LMS.

Plain Python over the store (no Textual): the CLI's ``report`` and ``export``
commands and the app's screens call the same functions.
"""
