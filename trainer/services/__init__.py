"""The service layer between the store and its users (screens, CLI commands, reports).

Services take a store and plain values, check who may do what, and call the
store; they never import Textual. Screens call them in workers.
"""
