"""Moved to `infofinance.fastpath.routing`; this name stays for the modules that import it."""

import sys

from infofinance.fastpath import routing

sys.modules[__name__] = routing
