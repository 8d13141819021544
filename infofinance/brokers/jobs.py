"""The Brokers Hub's periodic job: warnings follow licences past their expiry date."""

from infofinance.wiring.periodic import periodic_job

from .services import refresh_stale_brokers


@periodic_job("brokers.refresh-expired-licences")
def refresh_expired_licences() -> None:
    refresh_stale_brokers()
