"""What a reader is told about a broker's supervision: one function decides it from the
broker's licences and its automatic warnings, and every page (broker page, cards, comparison,
regulator pages, the warning page before its website) only displays the answer. A broker under
a warning is never called "licensed" without that warning beside it."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .warnings import WarningCode


class Supervision:
    """Supervision states, most serious first: the first that applies is the broker's."""

    CLONE = "clone"
    FLAGGED = "flagged"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    UNLICENSED = "unlicensed"
    LICENSED_WITH_WARNINGS = "licensed_warned"
    LICENSED = "licensed"


LABELS = {
    Supervision.CLONE: _("Clone warning: the licence shown may belong to another firm"),
    Supervision.FLAGGED: _("Under a regulator's warning"),
    Supervision.REVOKED: _("Licence revoked: not supervised"),
    Supervision.SUSPENDED: _("Licence suspended: not supervised"),
    Supervision.EXPIRED: _("Licence expired: not supervised"),
    Supervision.UNLICENSED: _("Not licensed by any regulator we know"),
    Supervision.LICENSED_WITH_WARNINGS: _(
        "Licensed, with reservations: see the warnings and licences"
    ),
    Supervision.LICENSED: _("Licensed"),
}
# How the line looks: "ok" (green), "caution" (amber), "danger" (red).
TONES = {
    Supervision.CLONE: "danger",
    Supervision.FLAGGED: "danger",
    Supervision.REVOKED: "danger",
    Supervision.SUSPENDED: "danger",
    Supervision.EXPIRED: "danger",
    Supervision.UNLICENSED: "danger",
    Supervision.LICENSED_WITH_WARNINGS: "caution",
    Supervision.LICENSED: "ok",
}


@dataclass(frozen=True)
class Status:
    code: str
    regulators: tuple[str, ...] = field(default=())  # abbreviations of the current licences

    @property
    def label(self):
        return LABELS[self.code]

    @property
    def tone(self) -> str:
        return TONES[self.code]

    @property
    def is_licensed(self) -> bool:
        return self.code == Supervision.LICENSED


def decide(*, statuses: list[str], current: list[str], warnings: list[str]) -> Status:
    """`statuses`: each licence's effective status (active, expired, suspended, revoked,
    clone); `current`: the regulators of the current licences; `warnings`: the broker's
    automatic warning codes."""
    regulators = tuple(dict.fromkeys(current))
    if "clone" in statuses or WarningCode.CLONE_DOMAIN in warnings:
        return Status(Supervision.CLONE)
    if WarningCode.FLAGGED in warnings:
        return Status(Supervision.FLAGGED)
    if not current:
        for status, code in (
            ("revoked", Supervision.REVOKED),
            ("suspended", Supervision.SUSPENDED),
            ("expired", Supervision.EXPIRED),
        ):
            if status in statuses:
                return Status(code)
        return Status(Supervision.UNLICENSED)
    if warnings or any(status != "active" for status in statuses):
        return Status(Supervision.LICENSED_WITH_WARNINGS, regulators)
    return Status(Supervision.LICENSED, regulators)


def status_of(broker, today=None) -> Status:
    """The broker's status from its licences (prefetched with their regulators by every
    selector that lists brokers) and its stored warnings."""
    today = today or timezone.localdate()
    licences = list(broker.licences.all())
    return decide(
        statuses=[licence.effective_status(today) for licence in licences],
        current=[
            licence.regulator.abbreviation for licence in licences if licence.is_current(today)
        ],
        warnings=list(broker.warnings or []),
    )
