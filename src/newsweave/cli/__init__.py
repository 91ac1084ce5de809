"""The ``newsweave`` command line: ``main`` is the entry point.

Every command reads or writes the store named by ``--db`` (or NEWSWEAVE_DB, or
./newsweave.db). Errors print as one line; NEWSWEAVE_DEBUG=1 shows the traceback.
"""

from __future__ import annotations

import os
import sys

import click

# Importing the command modules registers their commands on the group.
from newsweave.cli import (  # noqa: F401
    browse,
    compare,
    digest,
    export,
    ingest,
    quotes,
    reports,
    run,
    serve,
    stories,
)
from newsweave.cli.app import cli, err
from newsweave.errors import NewsweaveError

__all__ = ["cli", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point: one clear line for every error a user can cause."""
    try:
        cli.main(args=argv, prog_name="newsweave", standalone_mode=False)
    except click.exceptions.Abort:
        err.print("newsweave: aborted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except NewsweaveError as exc:
        err.print(f"newsweave: error: {exc}", markup=False)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)  # output piped into head(1) and friends
    except Exception as exc:
        if os.environ.get("NEWSWEAVE_DEBUG"):
            raise
        err.print(
            f"newsweave: internal error: {type(exc).__name__}: {exc}"
            " (set NEWSWEAVE_DEBUG=1 for the traceback)",
            markup=False,
        )
        sys.exit(3)
