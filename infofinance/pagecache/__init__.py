"""The page cache for anonymous readers: complete responses kept in the shared cache and served
by a WSGI wrapper before Django's request cycle runs. Any content change invalidates it."""
