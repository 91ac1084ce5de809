"""Made-up reports of a few developing subjects, weeks apart, for the storyline tests."""

from __future__ import annotations

import json
from pathlib import Path

from newsweave.pipeline.job import run_ingest_job
from newsweave.store.db import Store

KORVANE = "korvane"  # a bridge collapse in Ostrel, its inquiry, a charge
TARROW = "tarrow"  # another bridge failure, in another town of the same country
RATES = "rates"  # the same country's central bank: shares only the country
DANVIK = "danvik"  # the bridge's builder in another matter, before the charge

# (subject, published, outlet, title, text)
REPORTS = (
    (KORVANE, "2025-02-03", "Ostrel Courier", "Korvane Bridge collapses into the Ostra river",
     "A span of the Korvane Bridge in Ostrel collapsed into the Ostra river on Monday"
     " morning, injuring four people, in the worst bridge failure in Varnia for a decade."
     " Divers from the Ostrel fire brigade searched the Ostra for a missing van driver."
     " The Korvane Bridge had been closed to lorries since the autumn, the Ostrel harbour"
     " office said."),
    (KORVANE, "2025-02-04", "Varnia Today", "Van driver found alive after Korvane Bridge fall",
     "The van driver missing since the Korvane Bridge fell into the Ostra river was found"
     " alive on a sandbank below Ostrel, the Ostrel fire brigade said on Tuesday. Four"
     " people were hurt when the span of the Korvane Bridge gave way."),
    (KORVANE, "2025-03-11", "Ostrel Courier", "Korvane Bridge inquiry hears of cracked piers",
     "An inquiry into the collapse of the Korvane Bridge in Ostrel heard on Tuesday that"
     " inspectors reported cracks in its piers two years before the span fell into the"
     " Ostra river. The Ostrel harbour office told the hearing it had closed the Korvane"
     " Bridge to lorries after the report."),
    (TARROW, "2025-04-14", "Varnia Today", "Footbridge over Tarrow canal collapses in Pellin",
     "A footbridge over the Tarrow canal in Pellin collapsed during a storm on Sunday night."
     " No one was hurt, said the Pellin council leader Anders Vik. Engineers from Lindqvist"
     " Partners will examine why the footbridge at Tarrow gave way, he said."),
    (TARROW, "2025-04-15", "Pellin Post", "Pellin closes Tarrow paths after footbridge falls",
     "Pellin council closed the towpaths along the Tarrow canal after the footbridge fell"
     " in Sunday's storm. Anders Vik said Lindqvist Partners would report within a month on"
     " the Tarrow footbridge."),
    (RATES, "2025-03-20", "Varnia Today", "Central Bank of Varnia raises interest rate",
     "The Central Bank of Varnia raised its main interest rate by a quarter point on"
     " Thursday, its governor Mikael Strand said, citing inflation of 4.1 percent. Banks in"
     " Varnia are expected to raise mortgage rates next week, Strand said."),
    (DANVIK, "2025-01-10", "Varnia Business", "Danvik Engineering accounts questioned by auditors",
     "Auditors at Halm Partners questioned the accounts of Danvik Engineering, saying the"
     " builder had booked contract payments before the work was done. Danvik Engineering's"
     " chief executive Petra Sund said the company would answer Halm Partners in full."),
)  # fmt: skip

# A charge and a trial that tie the bridge to its builder: they belong to both
# storylines above, which turn out to be one.
CHARGE = (
    (KORVANE, "2025-05-02", "Ostrel Courier",
     "Danvik Engineering chief charged over Korvane Bridge collapse",
     "Prosecutors in Ostrel charged Petra Sund, chief executive of Danvik Engineering, with"
     " negligence over the collapse of the Korvane Bridge into the Ostra river, which"
     " injured four people in February. Danvik Engineering built the Korvane Bridge, and"
     " Halm Partners, its auditors, had questioned its accounts. Petra Sund denies the"
     " charge."),
    (KORVANE, "2025-06-16", "Varnia Business",
     "Petra Sund trial opens over Korvane Bridge",
     "The trial of Petra Sund, chief executive of Danvik Engineering, opened in Ostrel on"
     " Monday. Prosecutors say Danvik Engineering ignored the cracks in the piers of the"
     " Korvane Bridge before its span fell into the Ostra river. Auditors from Halm"
     " Partners will give evidence about Danvik Engineering's accounts."),
)  # fmt: skip


def write_reports(path: Path, reports: tuple[tuple[str, str, str, str, str], ...]) -> Path:
    rows = [
        {"title": title, "text": text, "published": day + "T09:00:00+00:00", "outlet": outlet}
        for _, day, outlet, title, text in reports
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def ingest_reports(
    store: Store, folder: Path, name: str, reports: tuple[tuple[str, str, str, str, str], ...]
) -> None:
    """Ingest as ``newsweave ingest --no-analyze`` does (the names come from capitalised
    phrases; the NER model is not needed to chain these)."""
    run_ingest_job(store, [str(write_reports(folder / name, reports))], analyze=False)


def subject_of(store: Store) -> dict[str, str]:
    """Article id -> the subject its report was written for."""
    by_title = {title: subject for subject, _, _, title, _ in (*REPORTS, *CHARGE)}
    return {a.id: by_title[a.title or ""] for a in store.iter_articles()}
