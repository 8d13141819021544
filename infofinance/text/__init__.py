"""Text utilities with no model and no app of their own: folding for search (`search_text`),
reader-facing dates and numbers (`dates`) and the active language (`language`)."""
