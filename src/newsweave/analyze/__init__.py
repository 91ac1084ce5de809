"""Language analysis of stored articles: sentences, entities, time expressions, quotes.

The analyzer itself (``analyzer.Analyzer``) loads spaCy; this package's root imports
nothing heavy, so code that only needs to know what is analyzed stays light.
"""

# Bump when the analysis output changes, so stored analyses are redone on the next run.
ANALYSIS_VERSION = "2"  # 2: quotes carry their speaker's antecedent
