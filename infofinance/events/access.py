"""Who may do what with events in the admin. Event managers see attendees, export them, add,
cancel and promote registrations and change an event's status; door staff only check tickets
in. Each holds in a request only when the session passed the second factor (accounts.mfa):
a permission or `is_staff` alone opens nothing."""

from infofinance.accounts.mfa import staff_session_verified

MANAGE = "events.manage_registrations"
CHECK_IN = "events.check_in"


def can_manage(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(MANAGE)))


def can_check_in(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(CHECK_IN)))


def is_events_staff(user) -> bool:
    """Either right: the events' admin index and menu item."""
    return can_manage(user) or can_check_in(user)


def manages(request) -> bool:
    return staff_session_verified(request) and can_manage(request.user)


def checks_in(request) -> bool:
    return staff_session_verified(request) and can_check_in(request.user)


def sees_events(request) -> bool:
    return staff_session_verified(request) and is_events_staff(request.user)
