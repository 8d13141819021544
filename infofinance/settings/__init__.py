"""Settings profiles: base (complete, safe, reads the environment), local, production, test."""
