"""Text utilities with no model and no app of their own: folding for search (`search_text`),
reader-facing dates and numbers (`dates`), the active language (`language`) and the check
of text that readers type for invisible characters (`validators`)."""
