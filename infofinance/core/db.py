"""Moved to `infofinance.fastpath.db`; this name stays for the modules that import it."""

import sys

from infofinance.fastpath import db

sys.modules[__name__] = db
