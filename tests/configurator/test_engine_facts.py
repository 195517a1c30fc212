"""The engine reads content, not turn order: every answer is read by every fact handler."""

from __future__ import annotations

import pytest

from allokoli.configurator import ConfiguratorState, Reply, Stage, start, turn
from allokoli.configurator.handlers.transfer import set_transfer
from allokoli.configurator.questions import all_questions, find_question
from allokoli.configurator.recap import recap_text
from allokoli.understanding import fold


def talk(*lines: str, state: ConfiguratorState | None = None) -> tuple[Reply, ConfiguratorState]:
    reply, s = start() if state is None else (None, state)
    for line in lines:
        reply, s = turn(s, line)
    assert reply is not None
    return reply, s


def _days(s: ConfiguratorState) -> dict[str, list[dict[str, str]]]:
    return {d["day"]: d["ranges"] for d in s.profile["opening_hours"]["days"]}


def test_answers_in_the_owners_own_order() -> None:
    reply, s = talk(
        "Electricien a Carpentras, la societe s'appelle Volt Service",
        "vouvoyez les gens, ton rassurant",
        "du lundi au vendredi de 7h30 a 18h",
        "dans un rayon de 30 km autour de Carpentras",
    )
    assert s.profile["company_name"] == "Volt Service"
    assert s.profile["tone"]["register"] == "vouvoiement"
    assert _days(s)["lundi"] == [{"start": "07:30:00", "end": "18:00:00"}]
    assert "30 km" in s.profile["service_area"]
    assert reply.stage is not Stage.DONE


def test_volunteered_facts_are_kept_and_not_asked_again() -> None:
    reply, s = talk(
        "Salut ! moi c'est Ines, fleuriste a Pertuis, boutique Coquelicot & Cie. "
        "ouvert du mardi au samedi 9h-19h, voix feminine svp"
    )
    if reply.asked == "company_name":  # a guessed name is checked once
        assert "« Coquelicot & Cie »" in reply.text
        reply, s = turn(s, "oui c'est ca")
    assert s.profile["company_name"] == "Coquelicot & Cie"
    assert s.profile["owner_name"] == "Ines"
    assert s.profile["voice_gender"] == "féminine"
    assert "opening_hours" in s.profile
    assert reply.asked not in ("company_name", "opening_hours", "voice_gender")


def test_yes_i_confirm_is_never_stored_as_a_city_or_zone() -> None:
    _reply, s = talk("Plombier chauffagiste, Thermo Sud, a Orange")
    reply, s = turn(s, "Oui je confirme")
    assert s.profile["address"]["city"] == "Orange"
    # no zone was said: at most the default one around the town, marked as such
    assert s.profile.get("service_area") in (None, "Orange et ses alentours")
    assert "service_area" not in s.profile or "service_area" in s.defaulted
    assert "confirme" not in str(s.profile).lower()
    assert reply.asked == s.pending or reply.stage is Stage.RECAP


def test_tone_answer_while_hours_pending_goes_to_tone() -> None:
    _reply, s = talk("Salon de coiffure Mèche Rebelle a Avignon")
    s.pending = "opening_hours"
    s.asked.append("opening_hours")
    s.stage = Stage.COLLECTING
    reply, s = turn(s, "tutoiement, et un ton decontracte")
    assert s.profile["tone"]["register"] == "tutoiement"
    assert "opening_hours" not in s.profile
    # the owner goes their own way: the hours are not pressed on them again
    assert reply.asked != "opening_hours"
    assert "horaires" not in reply.text
    reply, s = turn(s, "9h-19h du mardi au samedi")  # given later, in their own order
    assert _days(s)["mardi"] == [{"start": "09:00:00", "end": "19:00:00"}]
    assert s.profile["tone"]["register"] == "tutoiement"


def test_an_answer_that_fills_nothing_gets_one_reask_then_the_engine_moves_on() -> None:
    _reply, s = talk("Plombier a Nimes, Plomberie Arnaud")
    assert s.pending == "service_area"
    reply, s = turn(s, "euh")
    assert reply.asked == "service_area"
    assert "Par exemple" in reply.text
    reply, s = turn(s, "ouais ouais")
    assert reply.asked != "service_area"
    assert "service_area" not in s.profile


def test_a_bare_ok_to_an_open_question_passes_it_at_once() -> None:
    _reply, s = talk("Plombier a Nimes, Plomberie Arnaud")
    reply, s = turn(s, "ouais ouais")
    assert reply.asked != "service_area"
    assert "service_area" not in s.profile


def test_unknown_but_possible_number_is_read_back_and_kept_once_confirmed() -> None:
    _reply, s = talk("Serrurier a Avignon, Serrures Express")
    s.stage = Stage.COLLECTING
    s.pending = "transfer_number"
    s.asked.append("transfer_number")
    s.profile["tasks"] = ["transfer_urgent", "take_message"]
    reply, s = turn(s, "06.39.98.44.10")
    assert "06 39 98 44 10" in reply.text
    assert "ne semble pas complet" not in reply.text
    assert reply.chips
    reply, s = turn(s, "Oui, c'est parfait")
    assert s.profile["transfer_number"] == "+33639984410"
    assert "pas de transfert" not in reply.text


def test_unknown_number_refused_is_asked_again() -> None:
    _reply, s = talk("Serrurier a Avignon, Serrures Express")
    s.pending = "transfer_number"
    s.profile["tasks"] = ["transfer_urgent"]
    _reply, s = turn(s, "zero six trente-neuf quatre-vingt-dix-huit quarante-quatre dix")
    reply, s = turn(s, "non c'est pas ca")
    assert "transfer_number" not in s.profile
    assert reply.asked == "transfer_number"


def test_saturday_fix_at_the_recap_changes_saturday_only() -> None:
    _reply, s = talk(
        "Boulangerie Le Petit Epi a Apt, ouvert du lundi au samedi de 6h30 a 19h30",
    )
    s.stage = Stage.RECAP
    reply, s = turn(s, "le samedi on ferme a 13h")
    days = _days(s)
    assert days["samedi"] == [{"start": "06:30:00", "end": "13:00:00"}]
    assert days["lundi"] == [{"start": "06:30:00", "end": "19:30:00"}]
    assert reply.stage is Stage.RECAP


def test_city_correction_changes_the_city_only() -> None:
    _reply, s = talk("Toiletteur pour chiens, Poil de Chien, a Avignon")
    _reply, s = turn(s, "en fait on est a Cavaillon")
    assert s.profile["address"]["city"] == "Cavaillon"
    assert s.profile["company_name"] == "Poil de Chien"
    assert "service_area" not in s.profile


def test_corrected_name_never_lands_in_the_zone() -> None:
    _reply, s = talk("Couvreur a Arles, Toitures Martin")
    assert s.pending == "service_area"
    _reply, s = turn(s, "non pardon le nom c'est Toitures Martin et Fils")
    assert s.profile["company_name"] == "Toitures Martin et Fils"
    assert "Martin" not in str(s.profile.get("service_area") or "")


def test_guessed_company_name_is_asked_once() -> None:
    reply, s = talk("coiffeuse a domicile sur Marseille, Ciseaux Nomades")
    if "company_name" not in s.profile:
        assert reply.text.endswith("Votre entreprise s'appelle-t-elle « Ciseaux Nomades » ?")
        reply, s = turn(s, "oui")
    assert s.profile["company_name"] == "Ciseaux Nomades"
    assert reply.asked != "company_name"


def test_guessed_name_refused_then_given() -> None:
    _reply, s = start()
    s.pending = "company_name"
    s.pending_kind = "name_confirm"
    s.name_candidate = "Grand Bleu"
    s.stage = Stage.COLLECTING
    s.asked.append("company_name")
    reply, s = turn(s, "non")
    assert "company_name" not in s.profile
    assert reply.asked == "company_name"
    reply, s = turn(s, "Atelier du Large")
    assert s.profile["company_name"] == "Atelier du Large"


def test_agreement_sector_is_not_a_price() -> None:
    _reply, s = talk("Medecin generaliste a Lyon, Cabinet du Parc, conventionne secteur 1")
    prices = [sv.get("price_eur") for sv in s.profile.get("services") or []]
    assert 1 not in prices


def test_a_known_transfer_number_still_goes_straight_in() -> None:
    _reply, s = talk("Plombier a Nimes, Plomberie Arnaud")
    set_transfer(s, "+33612345678")
    assert "transfer_urgent" in s.profile["tasks"]


def test_a_bare_ok_to_the_voice_takes_the_usual_voice() -> None:
    _reply, s = talk("Creperie Ty Breizh a Quimper")
    s.pending = "voice_gender"
    s.asked.append("voice_gender")
    reply, s = turn(s, "Oui c est parfait")
    assert s.profile["voice_gender"] in ("féminine", "masculine")
    assert "voice_gender" in s.defaulted
    assert "Je vous propose une voix" in reply.text


def test_a_tone_answer_while_services_pending_is_not_a_service() -> None:
    _reply, s = talk("Creperie Ty Breizh a Quimper")
    s.pending = "services"
    s.asked.append("services")
    _reply, s = turn(s, "on vouvoie, ton chaleureux")
    assert "services" not in s.profile
    assert s.profile["tone"] == {"register": "vouvoiement", "style": "chaleureux"}


# --- « c'est bon »: the owner decides when it is finished ------------------------------------


def test_a_validation_finishes_with_the_recap_of_what_was_saved() -> None:
    reply, s = talk("Carreleur a Dax, l'entreprise s'appelle Sols et Faiences Landaises")
    assert not reply.done
    reply, s = talk("voix grave de preference, ca me va comme ca. Je valide.", state=s)
    assert reply.done and s.stage is Stage.DONE
    assert reply.recap and "Sols et Faiences Landaises" in reply.recap
    assert "(par défaut)" in reply.recap  # what the owner did not choose is shown as such
    assert "plus tard" in reply.text or "modifier" in reply.text
    assert s.profile_model().voice_gender is not None


def test_a_validation_before_the_name_asks_the_name_then_finishes() -> None:
    reply, s = talk("je suis cordonnier a Vannes")
    reply, s = talk("c'est tout", state=s)
    assert not reply.done and reply.asked == "company_name"
    assert "Avant de terminer" in reply.text
    reply, s = talk("La Semelle Bretonne", state=s)
    assert reply.done
    assert s.profile["company_name"] == "La Semelle Bretonne"


def test_a_plain_yes_or_ok_is_an_answer_not_the_end() -> None:
    reply, s = talk("Opticien a Niort, Optique du Marais")
    pending = reply.asked
    reply, s = talk("ok", state=s)
    assert not reply.done
    assert "ok" not in str(s.profile.get(pending or "", "")).lower()


def test_facts_said_with_the_validation_are_kept() -> None:
    _reply, s = talk("Garage Renault a Lannion, Garage du Trégor")
    reply, s = talk("on est ferme le samedi, sinon c'est bon", state=s)
    assert reply.done
    assert _days(s).get("samedi") == []


def test_a_yes_no_check_takes_oui_c_est_bon_as_a_yes() -> None:
    reply, s = talk("jsuis paysagiste a Rodez, les Jardins de Camille")
    if reply.asked != "company_name" or "«" not in reply.text:
        return  # the name was sure: no check to answer
    reply, s = talk("oui c'est bon", state=s)
    assert s.profile["company_name"]
    assert not reply.done  # questions remain: « oui c'est bon » answered the check


# --- slots: a volunteered fact goes to its own -----------------------------------------------


def test_hours_said_while_a_free_text_question_is_pending_are_hours() -> None:
    _reply, s = talk("Kinesitherapeute a Albi, Cabinet Kine Lices")
    free = next(q for q in all_questions(s) if q.expecting is None and q.id != "activity")
    s.pending, s.pending_kind = free.id, "question"
    reply, s = talk("ouvert du lundi au vendredi de 8h a 20h", state=s)
    assert _days(s)["lundi"] == [{"start": "08:00:00", "end": "20:00:00"}]
    assert "20h" not in str(s.profile.get("faq") or "") + str(s.profile.get(free.fact) or "")
    assert reply.asked != free.fact  # not pressed again


def test_an_unreadable_transfer_number_is_asked_again_once_then_left_for_later() -> None:
    _reply, s = talk("Plombier a Nimes, Plomberie Arnaud")
    s.pending, s.pending_kind = "transfer_number", "question"
    reply, s = talk("zero six douze", state=s)
    assert reply.asked == "transfer_number"
    reply, s = talk("zero six douze", state=s)
    assert reply.asked != "transfer_number"
    assert "plus tard" in reply.text
    assert not s.knows("transfer_number")


def _at_recap() -> ConfiguratorState:
    reply, s = talk("Vitrier a Laval, Miroiterie Mayennaise")
    while reply.stage is not Stage.RECAP:
        reply, s = talk("je ne sais pas", state=s)
    return s


@pytest.mark.parametrize(
    "text",
    [
        "Merci !",
        "Pas de modification, c'est bon",
        "Tout est bon, merci pour votre aide",
        "ok c'est validé pour moi",
        "Parfait, rien à ajouter",
        "c tout bon",
    ],
)
def test_the_recap_is_confirmed_in_one_message(text: str) -> None:
    reply, _s = talk(text, state=_at_recap())
    assert reply.done


def test_a_correction_with_the_confirmation_is_applied_and_finishes() -> None:
    reply, s = talk("plutot une voix d'homme, sinon c'est parfait", state=_at_recap())
    assert reply.done
    assert s.profile["voice_gender"] == "masculine"
    assert reply.recap and "masculine" in reply.recap


def test_facts_said_while_a_number_is_read_back_are_kept_and_so_is_the_number() -> None:
    _reply, s = talk("Plombier a Nimes, Plomberie Arnaud")
    s.pending, s.pending_kind, s.transfer_candidate = (
        "transfer_number",
        "transfer_confirm",
        ("+33612345678"),
    )
    reply, s = talk("du lundi au vendredi 8h-18h, voix d'homme", state=s)
    assert _days(s)["lundi"] == [{"start": "08:00:00", "end": "18:00:00"}]
    assert s.profile["voice_gender"] == "masculine"
    assert s.profile["transfer_number"] == "+33612345678"
    assert reply.asked != "transfer_number"


def test_tout_est_bon_to_a_number_read_back_is_a_yes() -> None:
    _reply, s = talk("Plombier a Nimes, Plomberie Arnaud")
    s.pending, s.pending_kind, s.transfer_candidate = (
        "transfer_number",
        "transfer_confirm",
        ("+33612345678"),
    )
    _reply, s = talk("tout est bon", state=s)
    assert s.profile["transfer_number"] == "+33612345678"


def test_the_same_question_back_twice_is_read_as_an_answer_not_answered_forever() -> None:
    reply, s = talk("Plombier a Nimes, Plomberie Arnaud")
    asked = reply.asked
    reply, s = talk("pourquoi ?", state=s)
    assert reply.asked == asked  # explained, then asked again
    for _ in range(3):
        reply, s = talk("pourquoi ?", state=s)
    assert reply.asked != asked or reply.stage is Stage.RECAP


@pytest.mark.parametrize("word", ["d'accord", "bien", "ok", "oui merci"])
def test_a_bare_reply_is_never_stored_as_a_service(word: str) -> None:
    _reply, s = talk("Coiffeuse a Lyon, salon Belle Meche")
    s.pending, s.pending_kind = "services", "question"
    _reply, s = talk(word, state=s)
    assert not s.profile.get("services")


@pytest.mark.parametrize(
    ("opening", "town"),
    [
        ("Conciergerie Clés d'Azur à Menton, on gère 40 logements sur menton roquebrune", "menton"),
        ("Caviste à Vannes, Cave du Port, on livre sur Vannes et Séné.", "Séné"),
        (
            "Géomètre à Laval, Cabinet Mayenne Topo, on intervient dans toute la Mayenne",
            "Mayenne",
        ),
    ],
)
def test_a_zone_stated_in_a_trade_that_does_not_ask_for_one_is_kept(
    opening: str, town: str
) -> None:
    _reply, s = talk(opening)
    assert town in (s.profile.get("service_area") or "")


def test_a_place_in_the_company_name_makes_no_zone() -> None:
    _reply, s = talk("Fromagerie Trésors de Vienne, Lyon. Affinage et plateaux.")
    assert "service_area" not in s.profile


def test_tasks_said_as_such_while_a_free_text_question_is_pending_are_tasks() -> None:
    reply, s = talk("Cabinet de podologie Pas à Pas à Niort")
    for _ in range(4):
        if s.pending and s.pending.startswith("faq"):
            break
        reply, s = turn(s, "je ne sais pas")
    assert s.pending is not None and s.pending.startswith("faq")
    reply, s = turn(s, "L'assistant doit prendre les rendez-vous et noter les messages.")
    assert "book_appointment" in s.profile["tasks"]
    assert "tasks" in s.confirmed
    assert reply.asked != "tasks"


@pytest.mark.parametrize(
    "said",
    [
        "Pour me joindre, c'est le 06 71 23 45 89.",
        "mon num pour les pros pressés : 06 71 23 45 89",
        "Si un fournisseur appelle, tu me le passes : 06 71 23 45 89.",
    ],
)
def test_the_owners_own_line_said_while_a_free_text_question_is_pending(said: str) -> None:
    _reply, s = talk("Cabinet de sophrologie Souffle Clair à Vannes")
    question = find_question(s, s.pending or "")
    assert question is not None and question.expecting is None  # a free-text FAQ question
    _reply, s = turn(s, said)
    assert s.profile.get("transfer_number") == "+33671234589"


def test_a_place_in_the_name_of_a_trade_that_travels_makes_no_zone() -> None:
    # a caterer has a zone question: the place of its name is still no zone
    _reply, s = talk("Traiteur Délices de Vienne, Lyon. Buffets et cocktails.")
    assert "service_area" not in s.profile


def test_a_range_of_days_closes_the_others_and_the_recap_says_so() -> None:
    _reply, s = talk("Coiffeuse à Pertuis, salon Belle Mèche", "du mardi au samedi 9h-19h")
    assert _days(s)["lundi"] == [] and _days(s)["dimanche"] == []
    assert "fermé le lundi et le dimanche" in recap_text(s)


@pytest.mark.parametrize(
    "said", ["de 25h à 3h, 8 jours sur 7", "ouvert 8 jours sur 7", "du lundi au vendredi 14h-10h"]
)
def test_impossible_hours_are_asked_about_and_never_stored(said: str) -> None:
    reply, s = talk("Coiffeuse à Pertuis, salon Belle Mèche", said)
    assert "opening_hours" not in s.profile
    assert "services" not in s.profile
    assert reply.text.endswith("?") and ("heure" in reply.text or "jours" in reply.text)
    reply, s = turn(s, "du lundi au vendredi de 9h à 18h")
    assert _days(s)["lundi"] == [{"start": "09:00:00", "end": "18:00:00"}]


def test_impossible_hours_at_the_recap_change_nothing() -> None:
    s = _at_recap()
    before = dict(s.profile)
    reply, s = turn(s, "le samedi on ferme à 25h")
    assert s.profile == before
    assert "25h" in reply.text


def test_corrected_prices_replace_the_services() -> None:
    _reply, s = talk(
        "Coiffeuse à Pertuis, salon Belle Mèche",
        "coupe 30 € et couleur 50 €",
        "en fait mes tarifs c'est coupe 25 € et brushing 20 €",
    )
    names = [x["name"] for x in s.profile["services"]]
    assert names == ["Coupe", "Brushing"]
    assert [x["price_eur"] for x in s.profile["services"]] == [25.0, 20.0]


def test_corrections_at_the_recap_replace_only_the_fact_they_name() -> None:
    reply, s = talk(
        "Coiffeuse à Pertuis, salon Belle Mèche",
        "coupe 30 € et couleur 50 €",
        "du mardi au samedi 9h-19h",
    )
    while reply.stage is not Stage.RECAP:
        reply, s = turn(s, "je ne sais pas")
    reply, s = turn(s, "en fait mes tarifs c'est coupe 25 € et brushing 20 €")
    assert [x["name"] for x in s.profile["services"]] == ["Coupe", "Brushing"]
    reply, s = turn(s, "le samedi on ferme à 17h")
    assert _days(s)["samedi"] == [{"start": "09:00:00", "end": "17:00:00"}]
    assert _days(s)["vendredi"] == [{"start": "09:00:00", "end": "19:00:00"}]
    assert reply.recap is not None
    assert "fermé le lundi et le dimanche" in reply.recap
    assert "Coupe (25 €), Brushing (20 €)" in reply.recap


def test_a_trade_that_travels_works_around_its_town_by_default() -> None:
    _reply, s = talk("Plombier à Brest, Plomberie du Ponant, dépannage et installation")
    reply, s = reply_to_recap(s)
    assert s.profile["service_area"] == "Brest et ses alentours"
    assert "service_area" in s.defaulted
    assert "Brest et ses alentours (par défaut)" in (reply.recap or "")
    # said by the owner, the zone is theirs, never replaced
    _reply, s = talk("Plombier à Brest, Plomberie du Ponant, on intervient sur Brest et Landerneau")
    reply, s = reply_to_recap(s)
    assert "Landerneau" in s.profile["service_area"] and "service_area" not in s.defaulted


def test_a_business_its_clients_come_to_has_no_default_zone() -> None:
    _reply, s = talk("Salon de coiffure Mèche Rebelle à Avignon")
    _reply, s = reply_to_recap(s)
    assert "service_area" not in s.profile


def reply_to_recap(s: ConfiguratorState) -> tuple[Reply, ConfiguratorState]:
    """Skip every question until the recap."""
    reply = None
    for _ in range(12):
        if s.stage is not Stage.COLLECTING:
            break
        reply, s = turn(s, "je passe")
    assert reply is not None and s.stage is Stage.RECAP, s.stage
    return reply, s


def test_a_postcode_said_alone_completes_the_address_even_on_the_recap() -> None:
    _reply, s = talk(
        "Bonjour, moi c'est Bernard, j'ai une fromagerie à Annecy, rue Sainte-Claire, au numéro 22",
        "La boutique s'appelle Les Alpages de Bernard",
    )
    _reply, s = turn(s, "Le code postal c'est 74000.")
    assert s.profile["address"] == {
        "street": "22 rue Sainte-Claire",
        "postal_code": "74000",
        "city": "Annecy",
    }


def test_a_street_with_its_postcode_keeps_the_town_noted() -> None:
    _reply, s = talk(
        "Bonjour, j'ai une structure de soutien scolaire à Saint-Dizier",
        "Ça s'appelle Cap Réussite, on est au 4 rue Gambetta, 52100.",
    )
    assert s.profile["address"]["city"] == "Saint-Dizier"
    assert s.profile["address"]["postal_code"] == "52100"
    assert "Gambetta" in s.profile["address"]["street"]


def test_a_tone_answer_to_the_name_asked_again_is_the_tone() -> None:
    _reply, s = talk(
        "yo food truck de tacos mexicains, base a montpellier",
        "on est sur le marché le mardi 11h30 14h",
        "tu prends les commandes a emporter",
    )
    _reply, s = turn(s, "tutoiement, ton décontracté, on est des potes")
    assert "tutoiement" not in fold(str(s.profile.get("company_name") or ""))
    assert s.profile["tone"]["register"] == "tutoiement"


def test_everything_validated_at_a_yes_no_check_finishes() -> None:
    _reply, s = talk("Fleuriste à Laval, Ciseaux et Pétales")
    if s.pending_kind != "name_confirm":
        s.name_candidate, s.pending_kind = "Ciseaux et Pétales", "name_confirm"
        s.profile.pop("company_name", None)
    reply, s = turn(s, "oui c'est parfait, merci")
    assert reply.done and s.profile["company_name"] == "Ciseaux et Pétales"


def test_declining_transfers_is_never_the_answer_to_an_faq_question() -> None:
    _reply, s = talk("Boulangerie Le Fournil à Lyon, ouvert du mardi au samedi 7h-19h")
    faq = next(q for q in all_questions(s) if q.fact == "faq")
    s.pending, s.pending_kind = faq.id, "question"
    s.asked.append(faq.id)
    _reply, s = turn(s, "non pas de transfert")
    assert not s.profile.get("faq")
