"""Organisation templates: save an assistant as a starting point, create assistants from it."""

from __future__ import annotations

import copy
import uuid

from pydantic import ValidationError
from sqlalchemy.orm import Session

from allokoli.assistants import owner, service
from allokoli.assistants.repository import AssistantRepository
from allokoli.audit import service as audit
from allokoli.auth.principal import Principal
from allokoli.domain.profile import BusinessProfile
from allokoli.generation.service import generate
from allokoli.kit.errors import InvalidInput
from allokoli.kit.validation import french_summary
from allokoli.models import Assistant, AssistantTemplate
from allokoli.tenancy import TenantRepository


class TemplateRepository(TenantRepository[AssistantTemplate]):
    model = AssistantTemplate
    not_found = "Modèle introuvable."


def save_as_template(
    session: Session, principal: Principal, assistant_id: uuid.UUID, name: str
) -> AssistantTemplate:
    source = service.get(session, principal, assistant_id)
    template = TemplateRepository(session, principal.tenant).add(
        AssistantTemplate(
            name=name.strip()[:120] or source.name,
            sector_family=source.sector_family,
            sector_subtype=source.sector_subtype,
            profile=copy.deepcopy(source.profile),
            config=copy.deepcopy(source.config),
        )
    )
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="assistant_template",
        entity_id=template.id,
        action="create",
        details={"from": str(source.id)},
    )
    return template


def list_templates(session: Session, principal: Principal) -> list[AssistantTemplate]:
    repo = TemplateRepository(session, principal.tenant)
    return list(repo.list(repo.scoped().order_by(AssistantTemplate.name)))


def delete_template(session: Session, principal: Principal, template_id: uuid.UUID) -> None:
    repo = TemplateRepository(session, principal.tenant)
    template = repo.get(template_id)
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="assistant_template",
        entity_id=template.id,
        action="delete",
        details={"name": template.name},
    )
    repo.delete(template)


def create_from_template(
    session: Session,
    principal: Principal,
    template_id: uuid.UUID,
    *,
    company_name: str,
) -> Assistant:
    """A new draft for another business: the template's facts and choices under a new name.

    With a profile, the assistant is regenerated for the new name (greetings, prompt) and the
    owner's own changes recorded in the template (added instructions, edited first and last
    messages, advanced settings) are kept, the old business name in them replaced by the new
    one; without a profile, the template's config is copied as is.
    """
    template = TemplateRepository(session, principal.tenant).get(template_id)
    company_name = company_name.strip()
    if not company_name:
        raise InvalidInput("Indiquez le nom de la nouvelle entreprise.")
    if template.profile is not None:
        old_name = str(template.profile.get("company_name") or "").strip()
        facts = {**template.profile, "company_name": company_name}
        if old_name and isinstance(facts.get("notes"), str):
            # free notes often start with the old business name (the text the owner first typed)
            facts["notes"] = facts["notes"].replace(old_name, company_name)
        try:
            profile = BusinessProfile.model_validate(facts)
        except ValidationError as exc:
            raise InvalidInput(french_summary(exc)) from exc
        kept = owner.renamed(owner.read(template.config), old_name, company_name)
        return service.create_from_result(
            session, principal, generate(profile), name=company_name, owner_changes=kept
        )
    assistant = Assistant(
        name=company_name[:120],
        config=service.validate_config({**template.config, "name": company_name[:40]}),
        sector_family=template.sector_family,
        sector_subtype=template.sector_subtype,
        version=1,
    )
    AssistantRepository(session, principal.tenant).add(assistant)
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="assistant",
        entity_id=assistant.id,
        action="create",
        details={"template": str(template.id)},
    )
    return assistant
