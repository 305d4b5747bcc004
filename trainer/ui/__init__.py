"""The Textual app: home, scenario picker, chat, debrief (practice mode, issue 3).

``trainer.ui.app.make_app`` builds the app from ready objects (content, store,
config); ``trainer.ui.launch.run`` is what the command line calls. Nothing in
``trainer.core`` imports this package.
"""
