"""Every table, re-exported so that `Base.metadata` is complete once this package is imported."""

from allokoli.models.api_key import ApiKey
from allokoli.models.audit import AuditEntry
from allokoli.models.login_failure import LoginFailure
from allokoli.models.membership import Membership, Role
from allokoli.models.organization import Organization
from allokoli.models.user import User

__all__ = ["ApiKey", "AuditEntry", "LoginFailure", "Membership", "Organization", "Role", "User"]
