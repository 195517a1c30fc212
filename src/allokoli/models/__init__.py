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
from allokoli.models.booking import (
    HOLDING,
    BookableService,
    Booking,
    BookingBlock,
    BookingMode,
    BookingResource,
    BookingSettings,
    BookingStatus,
    BookingUnit,
)
from allokoli.models.calendar import (
    ORGANIZATION_SCOPE,
    CalendarBusyEvent,
    CalendarConnection,
    CalendarFeed,
    CalendarPush,
)
from allokoli.models.call import CALL_STATUS_RANK, Call, TakenMessage, WebhookEvent
from allokoli.models.chat import BoundChat
from allokoli.models.configurator import ConfiguratorSession, ConfiguratorTurn
from allokoli.models.configurator_deployment import ConfiguratorDeployment
from allokoli.models.login_failure import LoginFailure
from allokoli.models.membership import Membership, Role
from allokoli.models.notification import (
    KnowledgeGap,
    KnowledgeGapAsk,
    NotificationDelivery,
    NotificationSettings,
    SmsOptOut,
)
from allokoli.models.organization import Organization
from allokoli.models.rehearsal import Rehearsal, RehearsalScenario
from allokoli.models.routing import (
    CallScreening,
    Closure,
    NumberKind,
    NumberRule,
    ScreeningDecision,
    SpendControl,
)
from allokoli.models.user import User
from allokoli.models.user_session import UserSession
from allokoli.models.webhook_failure import WebhookFailure

__all__ = [
    "CALL_STATUS_RANK",
    "HOLDING",
    "ORGANIZATION_SCOPE",
    "ApiKey",
    "Assistant",
    "AssistantStatus",
    "AssistantTemplate",
    "AssistantVersion",
    "AuditEntry",
    "BookableService",
    "Booking",
    "BookingBlock",
    "BookingMode",
    "BookingResource",
    "BookingSettings",
    "BookingStatus",
    "BookingUnit",
    "BoundChat",
    "CalendarBusyEvent",
    "CalendarConnection",
    "CalendarFeed",
    "CalendarPush",
    "Call",
    "CallScreening",
    "Closure",
    "ConfiguratorDeployment",
    "ConfiguratorSession",
    "ConfiguratorTurn",
    "KnowledgeGap",
    "KnowledgeGapAsk",
    "LoginFailure",
    "Membership",
    "NotificationDelivery",
    "NotificationSettings",
    "NumberKind",
    "NumberRule",
    "Organization",
    "OutboxMessage",
    "PhoneNumber",
    "PhoneNumberStatus",
    "Rehearsal",
    "RehearsalScenario",
    "Role",
    "ScreeningDecision",
    "SmsOptOut",
    "SpendControl",
    "TakenMessage",
    "User",
    "UserSession",
    "WebhookEvent",
    "WebhookFailure",
]
