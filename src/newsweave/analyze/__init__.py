"""Language analysis of stored articles: sentences, entities, time expressions, quotes.

The analyser itself (``analyzer.Analyzer``) loads spaCy; this package's root imports
nothing heavy, so code that only needs to know what is analysed stays light.
"""

# Bump when the analysis output changes, so stored analyses are redone on the next run.
ANALYSIS_VERSION = "1"
