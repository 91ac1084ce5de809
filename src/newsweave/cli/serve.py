"""``newsweave serve``: the local web application and JSON API."""

from __future__ import annotations

import ipaddress
import json
import os

import click

from newsweave.cli.app import cli, db_option, err, out, time_limit_option
from newsweave.store.db import Store

DEFAULT_PORT = 8000
DEFAULT_MAX_UPLOAD_MB = 20


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535))
@click.option("--read-only", is_flag=True, help="Refuse every write (no uploads).")
@click.option(
    "--max-upload-mb",
    default=DEFAULT_MAX_UPLOAD_MB,
    show_default=True,
    type=click.FloatRange(min=0.001),
    help="Largest upload request, in MB.",
)
@time_limit_option("Give up on one uploaded document after this long, in any step (as `ingest`).")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes (one per CPU serves the most requests).",
)
def serve(
    db_path: str,
    host: str,
    port: int,
    read_only: bool,
    max_upload_mb: float,
    time_limit: float,
    workers: int,
) -> None:
    """Browse, search and add to the store in a web browser, with a JSON API.

    Stories with full-text search and filters, speakers across stories, outlets and
    their sourcing; the API is described at /docs (served locally, no CDN). Listens
    on 127.0.0.1 unless told otherwise; an ingest may run while it serves."""
    import uvicorn

    from newsweave.web.app import SETTINGS_ENV, create_app

    # Prove the store usable now, as one clear line, not on the first request. A
    # writable server makes a new store; a read-only one needs an existing one.
    with Store(db_path, readonly=read_only) as store:
        articles = store.count_articles()
    if not _is_loopback(host):
        err.print(
            f"newsweave: warning: listening on {host}: anyone who can reach it can read"
            + ("" if read_only else " and add to")
            + " the store (use --read-only?)",
            markup=False,
        )
    options = {
        "db_path": db_path,
        "read_only": read_only,
        "max_upload_bytes": int(max_upload_mb * 1024 * 1024),
        "time_limit_s": time_limit,
    }
    shown = f"[{host}]" if ":" in host else host
    mode = "read-only" if read_only else "uploads on"
    out.print(f"serving {db_path} ({articles} articles, {mode}) at http://{shown}:{port}/")
    if workers == 1:
        app = create_app(
            db_path,
            read_only,
            max_upload_bytes=int(max_upload_mb * 1024 * 1024),
            time_limit_s=time_limit,
        )
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # Several processes: uvicorn starts each afresh, so each makes its own app from
    # the settings passed in the environment. Each holds its own connections and
    # cache; writes from two of them are kept apart by the store's own locks.
    os.environ[SETTINGS_ENV] = json.dumps(options)
    uvicorn.run(
        "newsweave.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
