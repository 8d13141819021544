"""Reader and staff accounts: the custom user model."""
