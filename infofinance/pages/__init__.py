"""Standard pages: privacy policy, terms, about, contact."""
