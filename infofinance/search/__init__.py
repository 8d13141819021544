"""Site search: the results page behind the header's search box."""
