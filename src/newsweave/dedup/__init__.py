"""Exact and near-duplicates: ``index.DuplicateIndex`` links syndicated copies and light
rewrites to their original with MinHash LSH (``bands``) verified on shingles and on
the figures the two texts give."""
