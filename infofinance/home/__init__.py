"""The home page of each language."""
