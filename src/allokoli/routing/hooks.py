"""Owner alerts this feature raises (budget thresholds, a closure switched on or off), and the
hook that sends them.

The alert is recorded where the owner sees it (the dashboard's alerts are computed from the
same state, `calls.alerts`); sending it by e-mail or SMS is the notifications feature's job, so
this feature only calls `OwnerAlertHook` once per alert, after the commit that made it true.
`Services.owner_alert_hook` holds the process's hook: by default it logs.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

log = logging.getLogger("allokoli.routing")

AlertKind = Literal["budget_80", "budget_100", "closure_on", "closure_off"]


@dataclass(frozen=True)
class OwnerAlert:
    organization_id: uuid.UUID
    kind: AlertKind
    title: str
    """French, one line (an e-mail subject, an SMS start)."""
    detail: str
    """French, a sentence or two."""
    link: str
    """Root-relative path of the page to open."""
    dedupe_key: str
    """Stable per alert occurrence (e.g. "budget_80:2026-12"): send at most once per key."""


OwnerAlertHook = Callable[[OwnerAlert], None]


def log_owner_alert(alert: OwnerAlert) -> None:
    """The default hook: the alert is on the dashboard; the log keeps a trace."""
    log.info(
        "owner alert %s for organisation %s: %s", alert.kind, alert.organization_id, alert.title
    )
