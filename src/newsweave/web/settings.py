"""What a server is configured with, fixed when the app is made."""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.limits import DEFAULT_TIME_LIMIT_S

# Bytes one upload request may carry in all (files, pasted text, form overhead).
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Seconds a read request may spend in the store before it ends with a 503.
DEFAULT_REQUEST_TIME_LIMIT_S = 10.0
# Seconds a read waits for a lock another program holds before giving up.
DEFAULT_BUSY_TIMEOUT_S = 2.0
# Seconds an upload waits for the upload before it to finish ingesting.
DEFAULT_WRITER_WAIT_S = 120.0


@dataclass(frozen=True, slots=True)
class ServerSettings:
    db_path: str
    read_only: bool = False
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    # Per document and step of an upload's ingest, as `newsweave ingest --time-limit`.
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    request_time_limit_s: float = DEFAULT_REQUEST_TIME_LIMIT_S
    busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S
    writer_wait_s: float = DEFAULT_WRITER_WAIT_S
    # Analyse uploads (sentences, entities, quotes) before grouping them, as `ingest`.
    analyze_uploads: bool = True
