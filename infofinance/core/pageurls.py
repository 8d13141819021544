"""Moved to `infofinance.fastpath.pageurls`; this name stays for the modules that import it."""

import sys

from infofinance.fastpath import pageurls

sys.modules[__name__] = pageurls
