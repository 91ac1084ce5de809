"""Reports over stored stories: what a reader opens a story for.

``summary`` (cross-outlet extractive summaries) is pure functions over typed records;
``story`` reads a stored story through the store's read side; ``render`` turns a
summary into JSON or Markdown.
"""

# Default summary lengths, in sentences (here, not in ``summary``, so the command line
# can show them without importing numpy and scipy).
STORY_SENTENCES = 4
STORYLINE_SENTENCES = 8
# Default timeline size: dates, and sentences per date.
TIMELINE_DATES = 10
TIMELINE_SENTENCES = 2
# The version of the report JSON: stored reports made under another are made again.
# Raise it when a report's content changes for the same stored articles (the hash of
# the reports' source files, also in every key, catches the changes one forgets).
REPORT_VERSION = "1"
