"""Notifications: the owner's preferences, what is queued after a call, and the one entry
point other features use to alert the owner (`enqueue_owner_alert`).

Nothing here sends: a delivery row (one recipient, one channel, a unique idempotency key) and
its outbox message are written in the caller's transaction; `notifications.sender` sends them
from the job engine, at most once each.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.orm import Session

from allokoli.assistants import service as assistants
from allokoli.auth.principal import Principal
from allokoli.calls.display import PARIS
from allokoli.deploy import outbox
from allokoli.domain.profile import normalize_french_phone
from allokoli.kit.errors import InvalidInput, NotFound
from allokoli.models import NotificationDelivery, NotificationSettings, TakenMessage
from allokoli.notifications.repository import (
    DeliveryRepository,
    OptOutRepository,
    SettingsRepository,
)
from allokoli.notifications.schemas import (
    NotificationPreferences,
    NotificationPreferencesUpdate,
)
from allokoli.tenancy import Tenant

#: The outbox kinds this feature registers with the dispatcher (see `sender.Notifier`).
CALL_JOB = "notification.call"
SEND_JOB = "notification.send"

_HOUR = re.compile(r"^([01]?\d|2[0-3])[:hH]([0-5]\d)?$")


def _hour(raw: str | None, label: str) -> str | None:
    text = (raw or "").strip()
    if not text:
        return None
    match = _HOUR.match(text)
    if not match:
        raise InvalidInput(f"{label} : « {text} » n'est pas une heure (par exemple 21:00).")
    return f"{int(match.group(1)):02d}:{match.group(2) or '00'}"


def clean_email(raw: str) -> str:
    text = raw.strip()
    try:
        return str(validate_email(text, check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        raise InvalidInput(f"« {text} » n'est pas une adresse e-mail valide.") from exc


def clean_mobile(raw: str) -> str:
    text = raw.strip()
    try:
        number = normalize_french_phone(text)
    except ValueError as exc:
        raise InvalidInput(f"« {text} » n'est pas un numéro de téléphone valide.") from exc
    if number.startswith("+33") and number[3] not in "67":
        raise InvalidInput(
            f"« {text} » n'est pas un numéro de mobile : les SMS ne partent que vers un "
            "06 ou un 07."
        )
    return number


def _unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def defaults(assistant_id: uuid.UUID, email: str | None) -> NotificationPreferences:
    return NotificationPreferences(
        assistant_id=assistant_id,
        calls="messages",
        email_enabled=True,
        sms_enabled=False,
        emails=[email] if email else [],
        phones=[],
        quiet_start=None,
        quiet_end=None,
        digest_enabled=True,
        caller_sms_enabled=True,
    )


def get_preferences(
    session: Session, principal: Principal, assistant_id: uuid.UUID
) -> NotificationPreferences:
    """The assistant's settings; before the owner saves any, the defaults (their own e-mail,
    nothing sent until saved)."""
    assistants.get(session, principal, assistant_id)
    row = SettingsRepository(session, principal.tenant).for_assistant(assistant_id)
    if row is None:
        return defaults(assistant_id, principal.email)
    return NotificationPreferences.model_validate(row)


def is_saved(session: Session, principal: Principal, assistant_id: uuid.UUID) -> bool:
    return SettingsRepository(session, principal.tenant).for_assistant(assistant_id) is not None


def update_preferences(
    session: Session,
    principal: Principal,
    assistant_id: uuid.UUID,
    data: NotificationPreferencesUpdate,
) -> NotificationPreferences:
    """Check everything first (French message naming the wrong value), then save."""
    assistants.get(session, principal, assistant_id)
    current = get_preferences(session, principal, assistant_id)
    values = current.model_dump()
    given = data.model_dump(exclude_unset=True)
    if "emails" in given and given["emails"] is not None:
        given["emails"] = _unique(clean_email(e) for e in given["emails"] if e.strip())
    if "phones" in given and given["phones"] is not None:
        given["phones"] = _unique(clean_mobile(p) for p in given["phones"] if p.strip())
    for name, label in (("quiet_start", "Début du silence"), ("quiet_end", "Fin du silence")):
        if name in given:
            given[name] = _hour(given[name], label)
    values.update({k: v for k, v in given.items() if v is not None or k.startswith("quiet")})
    if bool(values["quiet_start"]) != bool(values["quiet_end"]):
        raise InvalidInput(
            "Les heures de silence des SMS ont un début et une fin : donnez les deux, ou aucune."
        )
    if values["quiet_start"] and values["quiet_start"] == values["quiet_end"]:
        raise InvalidInput("Le début et la fin du silence des SMS sont à la même heure.")
    if values["email_enabled"] and not values["emails"]:
        raise InvalidInput("Ajoutez au moins une adresse e-mail, ou désactivez les e-mails.")
    if values["sms_enabled"] and not values["phones"]:
        raise InvalidInput("Ajoutez au moins un numéro de mobile, ou désactivez les SMS.")
    repo = SettingsRepository(session, principal.tenant)
    row = repo.for_assistant(assistant_id) or repo.create(assistant_id)
    for name, value in values.items():
        if name != "assistant_id":
            setattr(row, name, value)
    session.flush()
    return NotificationPreferences.model_validate(row)


# -- what is queued -------------------------------------------------------------------------


def after_call(session: Session, tenant: Tenant, provider_call_id: str) -> None:
    """The end-of-call report was applied: queue the call's notifications, decided by a job
    once the report is committed (no query here: it runs in the webhook writer's batch)."""
    outbox.enqueue_external(
        session, tenant, CALL_JOB, {"provider_call_id": provider_call_id}, flush=False
    )


def in_quiet_hours(settings: NotificationSettings, now: datetime) -> datetime | None:
    """When the SMS quiet hours (Paris time) end, if `now` is inside them; else None."""
    if not settings.quiet_start or not settings.quiet_end:
        return None
    start = time.fromisoformat(settings.quiet_start)
    end = time.fromisoformat(settings.quiet_end)
    local = now.astimezone(PARIS)
    at = local.time()
    inside = (start <= at < end) if start < end else (at >= start or at < end)
    if not inside:
        return None
    day = local.date() if at < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=PARIS).astimezone(now.tzinfo)


def queue_delivery(
    session: Session,
    tenant: Tenant,
    *,
    key: str,
    kind: str,
    channel: str,
    recipient: str,
    assistant_id: uuid.UUID | None = None,
    provider_call_id: str | None = None,
    taken_message_id: uuid.UUID | None = None,
    subject: str | None = None,
    text: str | None = None,
    html: str | None = None,
    at: datetime | None = None,
) -> NotificationDelivery | None:
    """One delivery and its outbox message; None when this key was queued before (the
    idempotency key: one e-mail or SMS per call, channel and recipient, ever)."""
    repo = DeliveryRepository(session, tenant)
    if repo.by_key(key) is not None:
        return None
    try:
        with session.begin_nested():
            delivery = repo.add(
                NotificationDelivery(
                    assistant_id=assistant_id,
                    provider_call_id=provider_call_id,
                    taken_message_id=taken_message_id,
                    kind=kind,
                    channel=channel,
                    recipient=recipient,
                    idempotency_key=key,
                    subject=subject,
                    text_body=text,
                    html_body=html,
                    status="pending",
                )
            )
    except Exception:  # the unique key: queued concurrently by another job
        if repo.by_key(key) is not None:
            return None
        raise
    outbox.enqueue_external(session, tenant, SEND_JOB, {"delivery_id": str(delivery.id)}, at)
    return delivery


def wanted(calls: str, messages: Sequence[TakenMessage], urgent: bool) -> bool:
    if calls == "all":
        return True
    if calls == "messages":
        return urgent or bool(messages)
    if calls == "urgent":
        return urgent
    return False


ALERT_LABELS = {
    "blocked_call": "appel bloqué",
    "spend": "dépenses",
    "closure": "fermeture",
}


def enqueue_owner_alert(
    session: Session,
    tenant: Tenant,
    kind: str,
    text: str,
    *,
    assistant_id: uuid.UUID | None = None,
    dedupe: str | None = None,
    link: str | None = None,
    now: datetime | None = None,
) -> int:
    """Alert the owner (an e-mail and/or an SMS to the recipients of their notification
    settings), in the caller's transaction; returns how many deliveries were queued.

    `kind` names the alert (« blocked_call », « spend », …: any short word); `text` is the
    French sentence the owner reads; `assistant_id` restricts the recipients to that
    assistant's settings (else every assistant's of the organisation, without duplicates);
    `dedupe` makes the alert once-only (same kind and dedupe: never queued twice; default: the
    text). SMS respect the quiet hours. For the `routing` work (points 4-6 of issue 18) and any
    later feature."""
    from allokoli.notifications.content import alert_email

    repo = SettingsRepository(session, tenant)
    rows: Sequence[NotificationSettings]
    if assistant_id is not None:
        one = repo.for_assistant(assistant_id)
        rows = [one] if one is not None else []
    else:
        rows = repo.list()
    text = " ".join(text.split())
    if not text:
        raise ValueError("an owner alert needs a text")
    marker = dedupe or hashlib.sha256(text.encode()).hexdigest()[:24]
    label = ALERT_LABELS.get(kind, kind.replace("_", " "))
    rendered = alert_email(label[:1].upper() + label[1:], text, link)
    queued = 0
    seen: set[tuple[str, str]] = set()
    for row in rows:
        targets = [("email", e) for e in (row.emails if row.email_enabled else [])]
        targets += [("sms", p) for p in (row.phones if row.sms_enabled else [])]
        for channel, recipient in targets:
            if (channel, recipient) in seen:
                continue
            seen.add((channel, recipient))
            at = in_quiet_hours(row, now) if channel == "sms" and now is not None else None
            sms_text = f"AlloKoli : {text}"[:600]
            done = queue_delivery(
                session,
                tenant,
                key=f"alert:{kind}:{marker}:{channel}:{recipient}"[:200],
                kind="alert",
                channel=channel,
                recipient=recipient,
                assistant_id=row.assistant_id,
                subject=rendered.subject if channel == "email" else None,
                text=rendered.text if channel == "email" else sms_text,
                html=rendered.html if channel == "email" else None,
                at=at,
            )
            queued += done is not None
    return queued


# -- the STOP list --------------------------------------------------------------------------


def opt_out(session: Session, tenant: Tenant, raw_number: str, source: str) -> str:
    """Put a number on the organisation's STOP list (no SMS goes to it any more)."""
    try:
        number = normalize_french_phone(raw_number)
    except ValueError as exc:
        raise InvalidInput(f"« {raw_number.strip()} » n'est pas un numéro valide.") from exc
    OptOutRepository(session, tenant).remember(number, source)
    return number


def opt_in(session: Session, tenant: Tenant, raw_number: str) -> None:
    try:
        number = normalize_french_phone(raw_number)
    except ValueError as exc:
        raise InvalidInput(f"« {raw_number.strip()} » n'est pas un numéro valide.") from exc
    if not OptOutRepository(session, tenant).forget(number):
        raise NotFound("Ce numéro n'est pas dans la liste STOP.")


STOP_WORDS = {"stop", "arret", "arrêt", "stopall", "unsubscribe", "desabonner", "désabonner"}
START_WORDS = {"start", "unstop"}


def inbound_sms(session: Session, tenant: Tenant, sender: str, body: str) -> str | None:
    """Twilio's inbound SMS: a STOP (or ARRET) puts the sender on the STOP list, START takes it
    off. Returns what was done ("stop", "start") or None."""
    word = (body or "").strip().lower().strip(".! ")
    if word in STOP_WORDS:
        opt_out(session, tenant, sender, "twilio")
        return "stop"
    if word in START_WORDS:
        try:
            opt_in(session, tenant, sender)
        except (NotFound, InvalidInput):
            return None
        return "start"
    return None


def recent_deliveries(
    session: Session, principal: Principal, assistant_id: uuid.UUID | None = None, limit: int = 20
) -> Sequence[NotificationDelivery]:
    if assistant_id is not None:
        assistants.get(session, principal, assistant_id)
    return DeliveryRepository(session, principal.tenant).recent(assistant_id, limit)


def opt_outs(session: Session, principal: Principal) -> Sequence[object]:
    return OptOutRepository(session, principal.tenant).all()
