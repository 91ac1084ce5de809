"""``python -m newsweave`` is the ``newsweave`` command."""

from newsweave.cli import main

main()
