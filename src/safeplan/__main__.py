"""``python -m safeplan`` runs the command line."""

from .cli import main

main()
