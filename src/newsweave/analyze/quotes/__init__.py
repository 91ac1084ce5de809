"""Quotes: who said what. ``finder.extract_quotes`` finds direct, mixed and reported
speech from cue words (``cues``), quotation marks (``marks``) and layout (``layout``),
drafts their spans (``draft``, ``spans``) and resolves their speakers (``speakers``)."""
