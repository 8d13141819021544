"""Text utilities with no model and no app of their own: folding for search (`search_text`) and
reader-facing dates and numbers (`dates`)."""
