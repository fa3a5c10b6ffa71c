"""``python -m safeplan`` runs the command line.

Imports: cli.
"""

from .cli import main

main()
