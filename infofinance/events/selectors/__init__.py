"""Every read of the events app: seats and registrations (`registrations.py`), the reader
pages' contexts (`pages.py`), the short lists of feeds and other apps' pages (`listings.py`), the
staff's pages (`staff.py`).
Callers use `from infofinance.events import selectors` and the names below."""

from .listings import *  # noqa: F403
from .pages import *  # noqa: F403
from .registrations import *  # noqa: F403
from .staff import *  # noqa: F403
