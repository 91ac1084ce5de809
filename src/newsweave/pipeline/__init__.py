"""The jobs newsweave runs, written once as steps in order (``job.py``): ingest,
analyze, group (and the report steps to come).

Each step is a plain function over the store, bringing its derived records up to
date: ``ingest.ingest_paths`` stores articles, ``analyze.analyze_new_articles``
analyses what has no analysis, ``group.group_new_articles`` links duplicates and
groups what is in no story. How the per-document work is executed (in this process
today) is kept out of the steps; ``newsweave.limits`` holds the per-document limits
every step runs under.
"""
