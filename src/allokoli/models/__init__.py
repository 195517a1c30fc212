"""The product's tables, re-exported so that `Base.metadata` holds them once this package is
imported (the sandbox declares its own in `sandbox/models.py`; migrations import both)."""

from allokoli.models.api_key import ApiKey
from allokoli.models.assistant import (
    Assistant,
    AssistantStatus,
    AssistantTemplate,
    AssistantVersion,
    OutboxMessage,
    PhoneNumber,
    PhoneNumberStatus,
)
from allokoli.models.audit import AuditEntry
from allokoli.models.call import CALL_STATUS_RANK, Call, TakenMessage, WebhookEvent
from allokoli.models.chat import BoundChat
from allokoli.models.configurator import ConfiguratorSession, ConfiguratorTurn
from allokoli.models.login_failure import LoginFailure
from allokoli.models.membership import Membership, Role
from allokoli.models.organization import Organization
from allokoli.models.rehearsal import Rehearsal, RehearsalScenario
from allokoli.models.user import User
from allokoli.models.user_session import UserSession
from allokoli.models.webhook_failure import WebhookFailure

__all__ = [
    "CALL_STATUS_RANK",
    "ApiKey",
    "Assistant",
    "AssistantStatus",
    "AssistantTemplate",
    "AssistantVersion",
    "AuditEntry",
    "BoundChat",
    "Call",
    "ConfiguratorSession",
    "ConfiguratorTurn",
    "LoginFailure",
    "Membership",
    "Organization",
    "OutboxMessage",
    "PhoneNumber",
    "PhoneNumberStatus",
    "Rehearsal",
    "RehearsalScenario",
    "Role",
    "TakenMessage",
    "User",
    "UserSession",
    "WebhookEvent",
    "WebhookFailure",
]
