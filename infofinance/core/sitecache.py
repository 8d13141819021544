"""Moved to `infofinance.fastpath.sitecache`; this name stays for the modules that import it."""

import sys

from infofinance.fastpath import sitecache

sys.modules[__name__] = sitecache
