"""The configurator's conversation state and its reply, both plain JSON-serialisable models.

The state is stored after every turn (`model_dump(mode="json")`) and restored with
`ConfiguratorState.model_validate`; the engine never mutates a state it was given.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from allokoli.domain.catalogue import Subtype, load_catalogue
from allokoli.domain.profile import BusinessProfile, Task, Tone
from allokoli.understanding.trade import trade_label

__all__ = ["ConfiguratorState", "Reply", "SectorGuess", "SectorOption", "Stage"]


class Stage(StrEnum):
    GREETING = "greeting"
    COLLECTING = "collecting"
    RECAP = "recap"
    DONE = "done"


class SectorOption(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subtype: str
    label: str
    confidence: float = Field(ge=0.0, le=1.0)


class SectorGuess(BaseModel):
    """The detected catalogue subtype, how sure detection was, and the runners-up."""

    model_config = ConfigDict(extra="forbid")

    family: str
    subtype: str
    label: str
    confidence: float = Field(ge=0.0, le=1.0)
    alternatives: list[SectorOption] = Field(default_factory=list)
    confirmed: bool = False
    """The owner chose it (sector clarification) or detection was unambiguous."""
    trade_label: str | None = None
    """The owner's own trade word when the subtype is a family's generic one (« Pisciniste »)."""


class Reply(BaseModel):
    """What a channel shows (or says) after a turn."""

    model_config = ConfigDict(extra="forbid")

    text: str
    """French, possibly several short paragraphs separated by blank lines."""
    chips: list[str] = Field(default_factory=list)
    """Quick replies, when there is a choice."""
    stage: Stage
    progress: int = Field(ge=0, le=100)
    recap: str | None = None
    """The plain-French recap, at the recap stage."""
    done: bool = False
    asked: str | None = None
    """Fact key of the question just asked ("company_name", "transfer_number", "tone",
    "confirmation"…), for channels that adapt the input (e.g. inputmode=tel)."""
    also_asked: list[str] = Field(default_factory=list)
    """Other facts the same question asks for (the tasks question also asks for the transfer
    number, the merged tone question for the voice)."""


PendingKind = Literal["question", "sector", "transfer_confirm", "name_confirm", "change"]


class ConfiguratorState(BaseModel):
    """Everything the engine needs to continue a conversation."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    stage: Stage = Stage.GREETING
    profile: dict[str, Any] = Field(default_factory=dict)
    """The partial BusinessProfile, in JSON form (only facts the owner gave or chose)."""
    confirmed: list[str] = Field(default_factory=list)
    """Profile facts the owner stated (the recap confirmation confirms them all)."""
    defaulted: list[str] = Field(default_factory=list)
    """Facts set to the catalogue default because the owner left the choice to us."""
    skipped: list[str] = Field(default_factory=list)
    """Question ids the owner skipped or could not answer."""
    asked: list[str] = Field(default_factory=list)
    """Question ids asked, in order (each once)."""
    pending: str | None = None
    """The question id awaiting an answer ("opening_hours", "faq:réservations", "tone_voice"…)."""
    pending_kind: PendingKind = "question"
    reasks: int = 0
    """How many times the pending question was asked again."""
    owner_turns: int = 0
    idle_turns: int = 0
    """Owner turns that said nothing (empty, a greeting alone): not counted in the budget."""
    sector: SectorGuess | None = None
    activity_text: str | None = None
    """The owner's own description of the business (first answer)."""
    goes_to_clients: bool = False
    """The owner said, in any message, that they go to their clients (« je me déplace »,
    « à domicile », « les demandes d'intervention »): their zone is asked."""
    transfer_candidate: str | None = None
    """A mobile number given without saying what it is for (E.164), to confirm."""
    transfer_unknown: bool = False
    """The candidate is complete but unknown to the numbering plan: read back before it is kept."""
    transfer_unconfirmed: bool = False
    """The transfer number read back went unanswered (the owner went on with other facts): it is
    kept, never dropped, and the recap asks the owner to check it."""
    name_candidate: str | None = None
    """A company name guessed from the first answer, asked once: « Votre entreprise
    s'appelle-t-elle « X » ? »."""
    last_text: str | None = None
    """The owner's previous message, folded: the same words twice in a row to the same question
    are an answer the engine must take or move past, never a reason to ask again."""
    repeats: int = 0
    """How many times in a row the owner said exactly that again."""
    extras_declined: bool = False
    """The owner answered a question with a bare « ok »: they want to be done, so the optional
    questions (FAQ, e-mail, policies) are not asked."""
    hours_problems: int = 0
    """Impossible hours already pointed out (« de 14h à 10h »): asked once, then moved past."""
    finish_requested: bool = False
    """The owner said they were done (« c'est bon », « je valide ») before a required fact was
    known: once it is, the configurator finishes instead of asking more."""
    back_to_recap: bool = False
    """A question asked from the recap: go back to the recap once it is answered."""
    recap_shown: int = 0
    recap_confirmed: bool = False
    llm_used: int = 0
    """Turns where LLM facts were merged (for audits and the benchmark)."""
    started_at: datetime | None = None
    updated_at: datetime | None = None

    # --- derived views ------------------------------------------------------------------------

    def subtype(self) -> Subtype:
        """The catalogue subtype in use (the generic one until the sector is known)."""
        catalogue = load_catalogue()
        subtype_id = self.sector.subtype if self.sector else catalogue.generic_subtype
        try:
            return catalogue.subtype(subtype_id)
        except KeyError:
            return catalogue.subtype(catalogue.generic_subtype)

    def activity_label(self) -> str | None:
        """The trade in a few words (the owner's own word or the subtype's label), or None."""
        if self.sector is None:
            return None
        return trade_label(self.sector.subtype, self.sector.trade_label or self.sector.label)

    def knows(self, key: str) -> bool:
        value = self.profile.get(key)
        return value is not None and value != [] and value != {}

    def profile_data(self) -> dict[str, Any]:
        """The profile as a dict with the catalogue defaults applied (tone, voice, tasks)."""
        data = {k: v for k, v in self.profile.items() if v is not None}
        subtype = self.subtype()
        if self.sector is not None:
            data["sector"] = {"family": self.sector.family, "subtype": self.sector.subtype}
            if self.sector.trade_label:
                data["sector"]["label"] = self.sector.trade_label
        # the trade as a label (« Toiletteuse »), never the owner's message (kept in the state)
        activity = self.activity_label()
        if activity:
            data["activity"] = activity
        else:
            data.pop("activity", None)
        tone = dict(data.get("tone") or {})
        tone.setdefault("register", subtype.register.value)
        tone.setdefault("style", subtype.style.value)
        data["tone"] = tone
        data.setdefault("voice_gender", subtype.voice_gender.value)
        tasks = list(data.get("tasks") or [t.value for t in subtype.default_tasks])
        if not data.get("transfer_number"):
            tasks = [t for t in tasks if t != Task.TRANSFER_URGENT.value]
            data.pop("transfer_when", None)
        data["tasks"] = tasks or [Task.TAKE_MESSAGE.value]
        return data

    def profile_model(self) -> BusinessProfile:
        """The BusinessProfile (valid once the company name is known, always once done).

        Tone and voice default to the catalogue subtype's when the owner did not choose them;
        the default tasks apply when the owner did not say; no other fact is ever invented.
        Raises pydantic.ValidationError while the company name is still unknown.
        """
        return BusinessProfile.model_validate(self.profile_data())

    def tone(self) -> Tone:
        return Tone.model_validate(self.profile_data()["tone"])

    @property
    def progress(self) -> int:
        """0 to 100: share of the planned conversation already done."""
        from allokoli.configurator.questions import planned_questions

        if self.stage is Stage.DONE:
            return 100
        if self.stage is Stage.RECAP:
            return 95
        if self.stage is Stage.GREETING:
            return 0
        if self.back_to_recap:
            return 90
        done = len([q for q in self.asked if q != self.pending])
        remaining = len(planned_questions(self)) + (1 if self.pending else 0)
        total = done + remaining + 1  # + the recap
        return max(5, min(90, round(100 * done / total)))
