"""Every read of the events app: seats and registrations (`registrations.py`), the reader
pages' contexts (`pages.py`). Callers use `from infofinance.events import selectors` and the
names below."""

from .pages import *  # noqa: F403
from .registrations import *  # noqa: F403
