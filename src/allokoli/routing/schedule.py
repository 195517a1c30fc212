"""The feature's periodic pass (`routing.schedule`, every `ALLOKOLI_ROUTING_SECONDS`): closures
switched on and off, and the budget thresholds told to the owner. Safe to run twice: each
change is recorded with what it did, so a second pass finds nothing left to do."""

from __future__ import annotations

import logging
from datetime import datetime

from allokoli.accounts.organizations import retention_by_organization
from allokoli.db.session import Database
from allokoli.routing import closures, spend
from allokoli.routing.hooks import OwnerAlertHook, log_owner_alert
from allokoli.tenancy import Tenant

log = logging.getLogger("allokoli.routing")


def run(db: Database, now: datetime, hook: OwnerAlertHook = log_owner_alert) -> None:
    closures.switch_due(db, now, hook)
    with db.unit_of_work() as session:
        org_ids = list(retention_by_organization(session))
    for org_id in org_ids:
        try:
            with db.unit_of_work(tenant_id=org_id) as session:
                spend.check_thresholds(session, Tenant(org_id), now, hook)
        except Exception:  # one organisation's failure must not stop the others
            log.exception("budget check failed for organisation %s", org_id)
