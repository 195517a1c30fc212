"""Unit tests of the dialogue engine (no LLM): flow, budget, intents, corrections, recap."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from allokoli.configurator import (
    COLLECT_BUDGET,
    ConfiguratorState,
    Reply,
    Stage,
    resume,
    start,
    texts,
    turn,
)
from allokoli.domain.profile import Register, Style, Task, VoiceGender, Weekday

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


def talk(*lines: str, state: ConfiguratorState | None = None) -> tuple[Reply, ConfiguratorState]:
    if state is None:
        reply, state = start(now=NOW)
    else:
        reply = Reply(text="", stage=state.stage, progress=state.progress)
    for line in lines:
        reply, state = turn(state, line, now=NOW)
    return reply, state


def until_recap(
    state: ConfiguratorState, answers: dict[str, str]
) -> tuple[Reply, ConfiguratorState]:
    """Answer every question from `answers` (by Reply.asked) until the recap."""
    reply = Reply(text="", stage=state.stage, progress=state.progress, asked=state.pending)
    for _ in range(12):
        if state.stage is Stage.RECAP:
            return reply, state
        reply, state = turn(state, answers.get(reply.asked or "", "je ne sais pas"), now=NOW)
    raise AssertionError("no recap after 12 turns")


# --- start ------------------------------------------------------------------------------------


def test_start_greets_and_asks_the_activity() -> None:
    reply, state = start(now=NOW)
    assert reply.stage is Stage.GREETING and state.stage is Stage.GREETING
    assert reply.asked == "activity" and state.pending == "activity"
    assert reply.progress == 0 and not reply.done
    assert texts.GREETING in reply.text and "métier" in reply.text
    assert state.started_at == NOW


def test_turn_never_mutates_its_input_state() -> None:
    _, state = start(now=NOW)
    before = state.model_dump(mode="json")
    _, new = turn(state, "Je suis plombier à Lyon, Plomberie Martin", now=NOW)
    assert state.model_dump(mode="json") == before
    assert new is not state and new.owner_turns == 1


def test_state_round_trips_through_json_and_continues_identically() -> None:
    _, state = talk("pizzeria à Marseille, Chez Luigi")
    restored = ConfiguratorState.model_validate(state.model_dump(mode="json"))
    a, _ = turn(state, "du mardi au dimanche de 11h à 14h et de 18h à 22h", now=NOW)
    b, _ = turn(restored, "du mardi au dimanche de 11h à 14h et de 18h à 22h", now=NOW)
    assert a == b


def test_resume_repeats_the_pending_question_without_counting_a_turn() -> None:
    _, state = talk("plombier à Lyon", "Plomberie Martin")
    again = resume(state)
    assert again.text.startswith(texts.RESUMED)
    assert again.asked == "service_area" and texts.CHIP_SKIP in again.chips
    assert resume(state) == again
    _, at_recap = _at_recap()
    back = resume(at_recap)
    assert back.stage is Stage.RECAP and back.recap and back.recap in back.text
    assert resume(start(now=NOW)[1]).asked == "activity"


# --- several facts at once; never ask what is known ------------------------------------------


def test_everything_in_one_answer_goes_straight_to_the_end() -> None:
    _reply, state = talk(
        "Je suis plombier à Lyon, l'entreprise s'appelle Plomberie Martin. J'interviens dans "
        "tout le Rhône. Je voudrais que l'assistant prenne les messages et les demandes de "
        "devis, et pour les urgences appelez-moi au 06 12 34 56 78. On vouvoie les clients, "
        "ton rassurant, et une voix d'homme."
    )
    profile = state.profile
    assert profile["company_name"] == "Plomberie Martin"
    assert profile["transfer_number"] == "+33612345678"
    assert profile["voice_gender"] == "masculine"
    assert profile["tone"] == {"register": "vouvoiement", "style": "rassurant"}
    assert "Rhône" in profile["service_area"]
    for asked in ("company_name", "service_area", "tasks", "transfer_number", "tone"):
        assert asked not in state.asked
    assert "voice_gender" not in state.asked


def test_the_product_example_captures_everything_stated() -> None:
    reply, state = talk(
        "Je suis plombier à Lyon, dépannage 7j/7, appelez-moi au 06 12 34 56 78 pour les urgences"
    )
    assert state.sector is not None and state.sector.subtype == "plombier"
    assert state.profile["transfer_number"] == "+33612345678"
    assert state.profile["address"]["city"] == "Lyon"
    assert reply.asked == "company_name"
    assert "06 12 34 56 78" in reply.text


def test_question_count_stays_within_three_to_eight() -> None:
    _, state = start(now=NOW)
    _reply, state = until_recap(
        state,
        {
            "activity": "coiffeuse",
            "company_name": "Belle Mèche",
            "services": "coupe femme 35 euros",
            "opening_hours": "du mardi au samedi de 9h à 19h",
            "address": "Lyon",
            "tasks": "les rendez-vous",
            "tone": "vouvoiement",
            "voice_gender": "féminine",
        },
    )
    assert 3 <= len(state.asked) <= 8
    assert state.owner_turns <= COLLECT_BUDGET


def test_budget_keeps_the_key_facts_before_the_way_of_speaking() -> None:
    """When turns run short, what callers ask about (the menu and its prices) is asked; the way
    of speaking keeps the trade's usual choice, shown as such in the recap."""
    _, state = talk("pizzeria", "Da Marco", "je ne sais pas", "Lille")
    reply, state = until_recap(state, {"tasks": "les réservations"})
    assert "services" in state.asked
    assert not {"tone", "voice_gender", "tone_voice"} & set(state.asked)
    assert "Ton : vouvoiement, chaleureux (par défaut)" in reply.text
    assert "Voix : féminine (par défaut)" in reply.text
    assert state.owner_turns <= COLLECT_BUDGET


def test_budget_merges_tone_and_voice_when_turns_run_short() -> None:
    _, state = talk("pizzeria Da Marco, 3 rue Nationale à Lille", "du mardi au dimanche 18h-23h")
    _reply, state = until_recap(state, {"tasks": "les réservations", "services": "margherita 9 €"})
    assert "tone_voice" in state.asked
    assert state.owner_turns <= COLLECT_BUDGET


# --- the owner's intents ------------------------------------------------------------------------


def test_owner_question_is_answered_then_the_question_comes_back() -> None:
    _, state = talk("coiffeuse à Lyon", "Belle Mèche", "coupe 30 euros", "mardi-samedi 9h-19h")
    reply, state = talk("les rendez-vous", state=state)
    assert reply.asked == "tone"
    reply, state = turn(state, "c'est quoi le vouvoiement ?", now=NOW)
    assert texts.GLOSSARY["vouvoiement"] in reply.text
    assert "Pour revenir à ma question" in reply.text
    assert reply.asked == "tone" and state.pending in ("tone", "tone_voice")


def test_why_question_explains_the_pending_question() -> None:
    _, state = talk("plombier à Lyon", "Plomberie Martin")
    reply, state = turn(state, "pourquoi vous me demandez ça ?", now=NOW)
    assert reply.text.startswith("Je vous le demande")
    assert reply.asked == "service_area"


def test_off_topic_and_empty_input_are_handled_politely() -> None:
    _, state = talk("fleuriste à Nantes, Les Jardins de Lou")
    reply, state = turn(state, "quel temps fait-il demain ? la météo ?", now=NOW)
    assert texts.OFF_TOPIC in reply.text and reply.asked == "opening_hours"
    reply, state = turn(state, "", now=NOW)
    assert texts.EMPTY_INPUT in reply.text and reply.asked == "opening_hours"
    assert state.idle_turns == 1


def test_skip_an_optional_question() -> None:
    _, state = talk("plombier à Lyon", "Plomberie Martin")
    reply, state = turn(state, "passer", now=NOW)
    assert "service_area" in state.skipped
    assert reply.asked != "service_area"
    assert texts.ACK_SKIPPED_REQUIRED in reply.text


def test_company_name_cannot_be_skipped() -> None:
    _, state = talk("plombier à Lyon")
    reply, state = turn(state, "je ne sais pas", now=NOW)
    assert reply.asked == "company_name"
    assert texts.ASK_COMPANY_NAME_AGAIN in reply.text


def answer_until(
    state: ConfiguratorState, answers: dict[str, str], stop: str
) -> tuple[Reply, ConfiguratorState]:
    """Answer from `answers` (by Reply.asked) until the question `stop` is asked."""
    reply = Reply(text="", stage=state.stage, progress=state.progress, asked=state.pending)
    for _ in range(10):
        if reply.asked == stop:
            return reply, state
        reply, state = turn(state, answers.get(reply.asked or "", "passer"), now=NOW)
    raise AssertionError(f"{stop} never asked")


def test_no_preference_takes_the_sector_default_voice() -> None:
    _, state = talk("barbier à Paris, Le Barbier de Bastille")
    answers = {"services": "coupe 25 €", "tasks": "les rendez-vous"}
    reply, state = answer_until(state, answers, "tone")
    assert "voice_gender" in reply.also_asked  # one question for the tone and the voice
    reply, state = turn(state, "peu importe", now=NOW)
    assert state.profile["voice_gender"] == "masculine"  # the barbier default
    assert "voice_gender" in state.defaulted
    assert "une voix masculine" in reply.text


def test_restart_wipes_everything() -> None:
    _, state = talk("pizzeria à Marseille, Chez Luigi")
    reply, state = turn(state, "on recommence depuis le début", now=NOW)
    assert state.profile == {} and state.stage is Stage.GREETING
    assert reply.asked == "activity" and texts.RESTARTED in reply.text


def test_unknown_trade_is_asked_once_then_generic() -> None:
    reply, state = talk("Chez Marco")
    assert reply.asked == "activity"
    assert state.profile["company_name"] == "Chez Marco"
    reply, state = turn(state, "on vend des trucs", now=NOW)
    assert state.sector is not None and state.sector.subtype == "pme_generique"
    assert reply.asked != "activity"


def test_ambiguous_sector_gets_one_targeted_clarification() -> None:
    reply, state = talk("resto pizzeria à Toulouse")
    assert reply.asked == "activity" and state.pending_kind == "sector"
    assert "Pizzeria" in reply.chips and "Restaurant traditionnel" in reply.chips
    reply, state = turn(state, "restaurant traditionnel", now=NOW)
    assert state.sector is not None and state.sector.subtype == "restaurant"
    assert state.sector.confirmed


def test_weak_sector_is_checked_and_can_be_refused() -> None:
    _, state = talk("on fait de la location de matériel pour les fêtes, FestiLoc")
    assert state.pending_kind == "sector"
    _reply, state = turn(state, "non, rien à voir, on loue des chapiteaux", now=NOW)
    assert state.sector is not None and state.sector.subtype == "pme_generique"


# --- corrections ------------------------------------------------------------------------------


def test_hours_correction_at_any_time() -> None:
    _, state = talk("boutique de vêtements à Nantes, Cerise", "du lundi au samedi de 10h à 19h")
    reply, state = turn(state, "en fait c'est fermé le lundi", now=NOW)
    days = {d["day"]: d.get("ranges", []) for d in state.profile["opening_hours"]["days"]}
    assert days["lundi"] == [] and days["mardi"]
    assert texts.ACK_CORRECTED.split(":")[0] in reply.text


def test_rename_at_any_time() -> None:
    _, state = talk("pizzeria à Lille, Da Marco", "mardi-dimanche 11h-14h")
    _reply, state = turn(state, "change le nom en Pizzeria Roma", now=NOW)
    assert state.profile["company_name"] == "Pizzeria Roma"


def test_voice_correction_while_voice_is_asked() -> None:
    _, state = talk("garage à Lyon, Garage Martin")
    state = state.model_copy(update={"pending": "voice_gender", "asked": ["voice_gender"]})
    _reply, state = turn(state, "non, plutôt une voix d'homme", now=NOW)
    assert state.profile["voice_gender"] == "masculine"


def test_correction_of_an_unknown_value_asks_for_it() -> None:
    _, state = talk("coiffeuse à Lyon, salon Belle Mèche", "coupe 30 euros")
    reply, state = turn(state, "je me suis trompée pour les horaires", now=NOW)
    assert reply.asked == "opening_hours"


# --- transfers ----------------------------------------------------------------------------------


_SERRURIER = {"service_area": "Nice et alentours", "tasks": "transférer les urgences"}


def test_a_bare_mobile_number_is_confirmed_before_use() -> None:
    reply, state = talk("Plombier à Lyon, Plomberie Martin, 06 12 34 56 78")
    assert state.transfer_candidate == "+33612345678"
    answers = {"service_area": "Lyon et 20 km autour", "tasks": "les messages et les urgences"}
    reply, state = answer_until(state, answers, "transfer_number")
    assert state.pending_kind == "transfer_confirm"
    assert "06 12 34 56 78" in reply.text and reply.chips == [texts.CHIP_YES, texts.CHIP_NO]
    reply, state = turn(state, "oui", now=NOW)
    assert state.profile["transfer_number"] == "+33612345678"


def test_incomplete_transfer_number_is_asked_again() -> None:
    _, state = talk("serrurier à Nice, SOS Serrure")
    reply, state = answer_until(state, _SERRURIER, "transfer_number")
    reply, state = turn(state, "06 12 34", now=NOW)
    assert reply.asked == "transfer_number"
    assert texts.ASK_TRANSFER_NUMBER_INVALID in reply.text
    reply, state = turn(
        state, "zéro six douze trente-quatre cinquante-six soixante-dix-huit", now=NOW
    )
    assert state.profile["transfer_number"] == "+33612345678"


def test_no_transfer_removes_the_task() -> None:
    _, state = talk("serrurier à Nice, SOS Serrure")
    reply, state = answer_until(state, _SERRURIER, "transfer_number")
    reply, state = turn(state, "non, pas de transfert finalement", now=NOW)
    assert Task.TRANSFER_URGENT.value not in state.profile["tasks"]
    assert texts.ACK_NO_TRANSFER in reply.text


# --- recap -------------------------------------------------------------------------------------


def _at_recap() -> tuple[Reply, ConfiguratorState]:
    _, state = start(now=NOW)
    return until_recap(
        state,
        {
            "activity": "pizzeria à Marseille, Chez Luigi",
            "opening_hours": "du mardi au dimanche de 11h30 à 14h et de 18h30 à 22h30, fermé le lundi",
            "services": "margherita 9 euros",
            "tasks": "les commandes et les réservations",
            "tone": "vouvoiement, chaleureux",
            "voice_gender": "féminine",
        },
    )


def test_recap_lists_the_facts_in_plain_french() -> None:
    reply, _state = _at_recap()
    assert reply.stage is Stage.RECAP and reply.asked == "confirmation"
    assert reply.recap is not None and reply.recap in reply.text
    assert "- Entreprise : Chez Luigi" in reply.recap
    assert (
        "Du mardi au dimanche : 11 h 30 – 14 h et 18 h 30 – 22 h 30 ; fermé le lundi" in reply.recap
    )
    assert reply.chips == [texts.CHIP_CONFIRM, texts.CHIP_MODIFY]
    assert reply.progress == 95


@pytest.mark.parametrize("yes", ["oui", "Oui, c'est parfait", "c'est bon", "ouais nickel", "ok 👍"])
def test_recap_yes_finishes(yes: str) -> None:
    _, state = _at_recap()
    reply, state = turn(state, yes, now=NOW)
    assert reply.done and reply.stage is Stage.DONE and reply.progress == 100
    assert state.recap_confirmed and "Chez Luigi" in reply.text
    profile = state.profile_model()
    assert profile.company_name == "Chez Luigi"
    assert profile.sector is not None and profile.sector.subtype == "pizzeria"


def test_recap_no_asks_what_to_change_then_toggles_the_voice() -> None:
    _, state = _at_recap()
    reply, state = turn(state, "non", now=NOW)
    assert reply.stage is Stage.RECAP and texts.RECAP_ASK_CHANGE in reply.text
    assert "La voix" in reply.chips
    reply, state = turn(state, "la voix", now=NOW)
    assert state.profile["voice_gender"] == "masculine"
    assert reply.stage is Stage.RECAP and reply.recap and "Voix : masculine" in reply.recap


@pytest.mark.parametrize("text", ["oui, ne changez rien", "rien à modifier"])
def test_recap_nothing_to_change_finishes(text: str) -> None:
    _, state = _at_recap()
    reply, _ = turn(state, text, now=NOW)
    assert reply.done


def test_recap_modify_then_nothing_finishes() -> None:
    _, state = _at_recap()
    _, state = turn(state, "modifier", now=NOW)
    reply, _ = turn(state, "non rien", now=NOW)
    assert reply.done


def test_recap_correction_is_applied_and_recap_shown_again() -> None:
    _, state = _at_recap()
    reply, state = turn(state, "en fait on est aussi fermés le mardi", now=NOW)
    assert reply.stage is Stage.RECAP
    assert texts.RECAP_AGAIN_INTRO in reply.text
    days = {d["day"]: d.get("ranges", []) for d in state.profile["opening_hours"]["days"]}
    assert days["mardi"] == []


def test_recap_change_of_hours_goes_back_to_the_question_then_to_the_recap() -> None:
    _, state = _at_recap()
    reply, state = turn(state, "modifier", now=NOW)
    reply, state = turn(state, "les horaires", now=NOW)
    assert reply.asked == "opening_hours" and state.back_to_recap
    reply, state = turn(state, "du mercredi au dimanche de 12h à 14h", now=NOW)
    assert reply.stage is Stage.RECAP


def test_recap_question_is_answered() -> None:
    _, state = _at_recap()
    reply, state = turn(state, "c'est quoi le transfert ?", now=NOW)
    assert texts.GLOSSARY["transfert"] in reply.text and reply.stage is Stage.RECAP


def test_done_is_final_until_restart() -> None:
    _, state = _at_recap()
    _, state = turn(state, "oui", now=NOW)
    reply, state2 = turn(state, "encore une chose", now=NOW)
    assert reply.done and state2.stage is Stage.DONE
    assert state2.profile == state.profile


# --- profile defaults ---------------------------------------------------------------------------


def test_profile_model_needs_a_company_name() -> None:
    _, state = start(now=NOW)
    with pytest.raises(ValidationError):
        state.profile_model()


def test_profile_defaults_come_from_the_subtype_and_nothing_is_invented() -> None:
    _, state = talk("barbier à Paris, Le Barbier de Bastille")
    profile = state.profile_model()
    assert profile.voice_gender is VoiceGender.MASCULINE
    assert profile.tone.register is Register.VOUVOIEMENT
    assert profile.tone.style is Style.DECONTRACTE
    assert profile.opening_hours is None and profile.services == []
    assert profile.transfer_number is None
    assert Task.TRANSFER_URGENT not in profile.tasks


def test_progress_grows_to_100() -> None:
    _, state = start(now=NOW)
    seen = [0]
    reply = Reply(text="", stage=state.stage, progress=0, asked="activity")
    answers = {
        "activity": "plombier à Lyon",
        "company_name": "Plomberie Martin",
        "service_area": "Lyon et 30 km",
        "tasks": "les messages",
        "tone": "vous",
        "voice_gender": "homme",
    }
    while not reply.done:
        text = "oui" if reply.stage is Stage.RECAP else answers.get(reply.asked or "", "passer")
        reply, state = turn(state, text, now=NOW)
        seen.append(reply.progress)
    assert seen == sorted(seen) and seen[-1] == 100


def test_hours_answer_is_stored_as_days() -> None:
    _, state = talk("boulangerie à Rennes, Le Fournil")
    _reply, state = turn(state, "tous les jours de 7h à 19h30 sauf le mercredi", now=NOW)
    hours = state.profile_model().opening_hours
    assert hours is not None
    closed = hours.for_day(Weekday.MERCREDI)
    assert closed is not None and closed.ranges == []


# --- robustness --------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=120), min_size=1, max_size=6))
def test_any_input_keeps_a_valid_state(lines: list[str]) -> None:
    _, state = start(now=NOW)
    for line in lines:
        reply, state = turn(state, line, now=NOW)
        assert reply.text
        assert 0 <= reply.progress <= 100
        ConfiguratorState.model_validate(state.model_dump(mode="json"))
        if state.knows("company_name"):
            state.profile_model()


def test_very_long_input_is_cut() -> None:
    _reply, state = talk("plombier " * 2000)
    assert state.sector is not None and state.sector.subtype == "plombier"
    assert len(state.profile["activity"]) <= 1000


# --- bare acknowledgements, no name, « je sais pas » to everything ------------------------------


@pytest.mark.parametrize("ack", ["ok", "oui", "👍", "d'accord", "très bien"])
def test_a_bare_acknowledgement_to_the_last_question_finishes_with_the_recap(ack: str) -> None:
    reply, state = talk(
        "Bonjour, je suis vitrailliste à Chartres, l'Atelier du Verre",
        "du mardi au samedi de 10h à 18h",
        "prendre les messages, pas de transfert",
    )
    for _ in range(4):
        if reply.done:
            break
        reply, state = turn(state, ack, now=NOW)
    assert reply.done
    assert reply.recap is not None and "Atelier du Verre" in reply.recap
    assert state.owner_turns <= 8


def test_a_bare_acknowledgement_passes_an_open_question_it_cannot_answer() -> None:
    reply, state = talk("Bonjour, couvreur à Quimper, entreprise Toitures Le Goff")
    assert reply.asked == "service_area"
    reply, state = talk("ok", state=state)
    assert not state.knows("service_area")
    assert reply.asked != "service_area"


def test_a_validation_before_the_recap_finishes() -> None:
    for word in ("validé", "c'est nickel", "top merci", "go"):
        reply, state = talk("Bonjour, couvreur à Quimper, entreprise Toitures Le Goff", word)
        assert reply.done, word
        assert state.profile_model().company_name == "Toitures Le Goff"


@pytest.mark.parametrize("answer", ["ok", "validé", "c'est bon"])
def test_a_name_asked_and_only_confirmed_becomes_the_trade_and_town(answer: str) -> None:
    reply, state = talk("salut, je suis chocolatier à Bayonne")
    assert reply.asked == "company_name"
    for _ in range(7):
        if reply.done:
            break
        reply, state = turn(state, answer, now=NOW)
    assert reply.done and state.owner_turns <= 8
    assert state.profile_model().company_name == "Chocolatier à Bayonne"
    assert "Chocolatier à Bayonne" in reply.text


def test_a_name_never_given_becomes_the_trade_and_town_and_the_owner_finishes() -> None:
    reply, state = talk("je suis vitrailliste à Chartres")
    assert reply.asked == "company_name"
    for _ in range(8):
        if reply.done:
            break
        reply, state = turn(state, "je sais pas", now=NOW)
    assert reply.done and state.owner_turns <= 8
    profile = state.profile_model()
    assert profile.company_name == "Vitrailliste à Chartres"
    assert profile.activity == "Vitrailliste"
    assert profile.opening_hours is None and profile.transfer_number is None


def test_je_sais_pas_at_the_recap_finishes_and_shows_it() -> None:
    reply, state = talk("fleuriste à Vannes, Les Jardins de Margot")
    while state.stage is not Stage.RECAP:
        reply, state = turn(state, "je sais pas", now=NOW)
    reply, state = turn(state, "je sais pas", now=NOW)
    assert reply.done
    assert reply.recap is not None and "Les Jardins de Margot" in reply.recap


def test_ok_to_the_usual_way_of_speaking_takes_the_usual_voice_too() -> None:
    reply, state = talk(
        "Bonjour, je suis vitrailliste à Chartres, l'Atelier du Verre",
        "du mardi au samedi de 10h à 18h",
        "prendre les messages, pas de transfert",
    )
    while reply.asked not in ("tone", "tone_voice") and not reply.done:
        reply, state = turn(state, "je sais pas", now=NOW)
    if reply.done:  # the budget merged them: nothing left to test
        return
    reply, state = turn(state, "ok", now=NOW)
    assert reply.asked != "voice_gender"
    assert state.profile["voice_gender"] == state.subtype().voice_gender.value


@pytest.mark.parametrize(
    ("first", "name"),
    [
        ("notaire à Dijon", "Étude Bernard"),
        ("je suis plombier à Brest", "Plomberie du Port"),
        ("hôtel deux étoiles à Vannes", "Hôtel de la Gare"),
    ],
)
def test_opening_hours_are_asked_in_every_trade_within_the_budget(first: str, name: str) -> None:
    # a receptionist says when the business can be reached, whatever the trade
    _, state = talk(first, name)
    _reply, state = until_recap(state, {"opening_hours": "du lundi au vendredi 9h-18h"})
    assert "opening_hours" in state.asked
    assert state.profile["opening_hours"]["days"]
    assert state.owner_turns <= COLLECT_BUDGET


def test_facts_after_the_owners_own_question_are_read() -> None:
    _, state = talk("fleuriste à Laval, la boutique s'appelle Pétales")
    _, state = talk("vouvoyer ou tutoyer ? tu plutôt. voix d'homme. 06 44 55 66 77", state=state)
    assert state.profile["tone"]["register"] == Register.TUTOIEMENT.value
    assert state.profile["voice_gender"] == VoiceGender.MASCULINE.value
    assert state.profile["transfer_number"] == "+33644556677"


def test_a_number_taken_back_while_a_free_text_question_is_pending_replaces_it() -> None:
    _, state = talk(
        "clinique vétérinaire Les Saules à Niort, transférez les urgences au 06 12 12 12 12",
        "lundi au vendredi 9h-19h",
    )
    assert state.pending is not None and state.pending.startswith("faq:")
    _, state = talk("ah attends le numéro c'est le 06 12 12 12 13, pardon", state=state)
    assert state.profile["transfer_number"] == "+33612121213"


@pytest.mark.parametrize("filler", ["bof", "hein", "pardon", "je vois pas trop"])
def test_filler_is_never_taken_as_the_zone(filler: str) -> None:
    _, state = talk("je suis plombier, Plomberie Le Goff")
    assert state.pending == "service_area"
    _, state = talk(filler, state=state)
    assert "service_area" not in state.profile


@pytest.mark.parametrize(
    "zone", ["tout le Morbihan", "Lorient et 20 km autour", "Lorient, Lanester"]
)
def test_a_zone_naming_a_place_is_kept(zone: str) -> None:
    _, state = talk("je suis plombier, Plomberie Le Goff", zone)
    assert state.profile["service_area"]


def test_a_zone_stated_in_a_trade_that_asks_none_is_kept() -> None:
    _, state = talk("Le Fournil de Léa, boulangerie à Quimper")
    _, state = talk("on livre aussi à Ergué-Gabéric, Pluguffan et Briec", state=state)
    assert "Pluguffan" in state.profile["service_area"]


def test_hours_for_a_closed_day_added_during_a_free_text_question_are_kept() -> None:
    _, state = talk(
        "fleuriste à Laval, Pétales, lundi-samedi 9h-19h, transfert au 06 11 22 33 44, vous, "
        "voix femme, on prend les commandes et les messages",
    )
    for _ in range(4):  # passed until a free-text question is pending
        if state.pending and state.pending.startswith(("policies.", "faq:")):
            break
        _, state = talk("passer", state=state)
    assert state.pending and state.pending.startswith(("policies.", "faq:"))
    _, state = talk("ah et le dimanche 9h-12h30", state=state)
    sunday = next(d for d in state.profile["opening_hours"]["days"] if d["day"] == "dimanche")
    assert sunday["ranges"] == [{"start": "09:00:00", "end": "12:30:00"}]


def test_a_fact_given_after_the_end_is_not_lost() -> None:
    reply, state = talk(
        "fleuriste à Laval, Pétales, lundi-samedi 9h-19h, transfert au 06 11 22 33 44, vous, "
        "voix femme, on prend les commandes et les messages"
    )
    for _ in range(8):
        if state.stage is Stage.DONE:
            break
        reply, state = turn(state, "c'est tout, je valide", now=NOW)
    assert state.stage is Stage.DONE
    reply, state = talk("ah pardon, le numéro c'est le 06 11 22 33 45", state=state)
    assert reply.done
    assert state.profile["transfer_number"] == "+33611223345"
    assert "06 11 22 33 45" in reply.text
    reply, _ = talk("merci", state=state)
    assert "déjà en préparation" in reply.text
