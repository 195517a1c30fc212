"""What kind of utterance is this? An answer, a correction (and of what), a question from the
owner (and about what), a skip / "je ne sais pas", a wish to restart, no preference ("peu
importe"), or nothing useful (empty, greeting only, off-topic, gibberish)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from allokoli.understanding.detection import detect_sector
from allokoli.understanding.nlp import is_lexicon_word, tags
from allokoli.understanding.normalize import Prepared, fold, prepare
from allokoli.understanding.textutil import _SENT_SPLIT_RE

__all__ = [
    "Finish",
    "Intent",
    "IntentKind",
    "answered_part",
    "closes_everything",
    "detect_finish",
    "detect_intent",
    "detect_target",
    "without_finish",
]


class IntentKind(StrEnum):
    ANSWER = "answer"
    CORRECTION = "correction"
    QUESTION = "question"
    SKIP = "skip"
    NO_PREFERENCE = "no_preference"
    """"Peu importe", "comme vous voulez": let the configurator choose."""
    RESTART = "restart"
    EMPTY = "empty"
    """Nothing, punctuation, a greeting or thanks alone."""
    OFF_TOPIC = "off_topic"


@dataclass(frozen=True, slots=True)
class Intent:
    kind: IntentKind
    target: str | None = None
    """For a correction or a question: the fact concerned (a FactKey value such as
    "company_name", "opening_hours", "voice_gender"), when identifiable."""
    term: str | None = None
    """For a question: the word the owner asks about ("vouvoiement", "transfert"…)."""
    question_kind: str | None = None
    """"meaning" (c'est quoi ?), "why" (pourquoi ?), "how", "cost", "other"."""


_CORRECTION_RE = re.compile(
    r"^\s*(?:non\s*[,.!]?\s*)?(?:en fait|enfait|en faite|finalement|non plutot|ou plutot"
    r"|pardon|oups|oops|erreur|correction|rectification|je rectifie|je corrige|attendez"
    r"|attends|ah non|euh non|non attendez|non attends|autant pour moi|au temps pour moi"
    r"|je me suis trompe\w*|je me suis gourre\w*|je me suis plante\w*|c'etait une erreur)\b"
    r"|\b(?:change[rz]?|modifie[rz]?|corrige[rz]?|remplace[rz]?|mets?|mettez|mettre)\s+(?:le|la"
    r"|les|l'|mon|ma|mes|notre|nos)\s*(?:nom|horaires?|voix|ton|adresse|numero|tel\w*|prix"
    r"|tarifs?|services?|prestations?|zone|mail|e-mail|email|site|style|registre|taches?)"
    r"|\b(?:je me suis trompe\w*|je me suis gourre\w*|c'etait faux|c'est faux|ce n'est pas ca"
    r"|c'est pas ca|je voulais dire|je veux dire|je prefere finalement|finalement je prefere"
    r"|en fait je prefere|je prefererais plutot|je reviens sur|revenir sur|changer d'avis"
    r"|j'ai change d'avis|petite correction|une correction|a la place|au lieu de)\b"
)
_QUESTION_START_RE = re.compile(
    r"^\s*(?:c'est quoi|c est quoi|cest quoi|ca veut dire|qu'est[- ]ce que|qu'est[- ]ce qu"
    r"|que veut dire|que signifie|ca signifie|pourquoi|combien|est[- ]ce que|est[- ]ce qu"
    r"|vous pouvez m'expliquer|tu peux m'expliquer|pouvez[- ]vous m'expliquer|expliquez[- ]moi"
    r"|explique[- ]moi|je comprends pas|je ne comprends pas|j'ai pas compris|je n'ai pas compris"
    r"|c'est a dire|c'est-a-dire|ca sert a quoi|a quoi ca sert|ca coute combien)\b"
)
"""Openings that make a question even without a question mark."""
_QUESTION_WEAK_START_RE = re.compile(
    r"^\s*(?:comment|quel|quelle|quels|quelles|qui|quoi|ou|a quoi|pouvez[- ]vous|peux[- ]tu"
    r"|hein|dois[- ]je|faut[- ]il|est[- ]il|y a[- ]t[- ]il|on peut|je peux|puis[- ]je|ca coute"
    r"|c'est obligatoire|c'est gratuit|c'est payant|vous|tu)\b"
)
"""Openings that make a question only with a question mark."""
_QUESTION_ANY_RE = re.compile(
    r"\b(?:ca veut dire quoi|c'est quoi|veut dire quoi|ca sert a quoi|que veut dire"
    r"|je (?:ne )?comprends? (?:pas|rien)|j'ai (?:pas|rien) (?:bien |tout "
    r"|trop )?compris"
    r"|je n'ai (?:pas|rien) (?:bien |tout |trop )?compris|pas (?:bien )?compris|pourquoi vous"
    r"|pourquoi tu|pourquoi cette question|pourquoi me demander)\b"
)
#: « c'est-à-dire ? » asks what a word means; inside a long answer, it explains (« dans quel
#: secteur on intervient, c'est-à-dire Vence et Saint-Paul »)
_MEANING_CONNECTOR_RE = re.compile(r"\bc(?:'|\s)?\s?est[- ]a[- ]dire\b")
_SKIP_RE = re.compile(
    r"^\s*(?:(?:euh|bah|ben|bon|alors|hmm|ah|oh|bof)\s*,?\s*)*(?:(?:je (?:ne )?|j')?sais pas"
    r"(?: trop| vraiment| encore| du tout)?|j'sais pas"
    r"|chais pas|sais pas|jsp|jsais pas|aucune idee|pas d'idee|j'en sais rien|j'en ai aucune idee"
    r"|je ne sais pas trop|aucune|passe[rz]?|on passe|je passe|passons|suivant|question suivante"
    r"|pas pour l'instant|pas pour le moment|pas maintenant|plus tard|on verra|je verrai"
    r"|on verra plus tard|je reviendrai|je vous dirai|je te dirai|je ne veux pas repondre"
    r"|je prefere ne pas repondre|pas de reponse|skip|next|joker|rien a dire|pas concerne\w*"
    r"|je ne suis pas sur|je suis pas sur|je sais plus|je ne sais plus|je dois verifier"
    r"|il faut que je verifie|je vais verifier|je n'ai pas l'info|j'ai pas l'info"
    r"|laisse[rz]? (?:tomber|vide)|sans objet|non applicable|n/a|na|\?+)\s*[.!…]*\s*$"
)
_DECLINE_RE = re.compile(
    r"\bje (?:ne )?(?:prefere|veux|souhaite|voudrais) (?:ne )?pas (?:repondre|le dire|le donner"
    r"|la donner|les donner|donner|communiquer|dire|le communiquer|preciser)\b"
    r"|\bje prefere ne pas\b|\bpas de reponse\b|\bje ne reponds pas\b"
)


def _declines_all(low: str) -> bool:
    """The owner declines to answer, and says nothing else: « Prendre les rendez-vous… Le 02
    40 12 34 56. Je préfère ne pas le préciser. » answers two questions and declines a third."""
    if _DECLINE_RE.search(low) is None:
        return False
    others = [part for part in _SENT_SPLIT_RE.split(low) if not _DECLINE_RE.search(part)]
    # another sentence that says something (a number, a few words) is an answer of its own
    return not any(re.search(r"\d", part) or len(part.split()) >= 3 for part in others)


_NO_PREF_RE = re.compile(
    r"\b(?:peu importe|n'importe|ca m'est egal|ca m'egal|m'en fiche|m'en fous|m'en fou"
    r"|comme vous voulez|comme tu veux|comme vous voudrez|a vous de voir|a toi de voir"
    r"|choisissez pour moi|choisis pour moi|vous choisissez|tu choisis|je vous laisse choisir"
    r"|je te laisse choisir|pas de preference|aucune preference|indifferent\w*|egal"
    r"|ce que vous voulez|ce que tu veux|ce qui est le mieux|ce que vous conseillez"
    r"|qu'est-ce que vous conseillez|vous conseillez quoi|le mieux pour vous|par defaut)\b"
)
_RESTART_RE = re.compile(
    r"\b(?:recommence[rz]?|on recommence|tout recommencer|reprendre (?:depuis )?(?:le|du) debut"
    r"|repartir (?:de zero|du debut|a zero)|(?:reprend|repart|refai|recommenc)\w* depuis le debut"
    r"|tout effacer|efface[rz]? tout"
    r"|repart\w* (?:de|a) zero|reprend\w* (?:de|a) zero|remettre a zero|reset|reinitialise[rz]?"
    r"|redemarre[rz]?|tout reprendre|on reprend tout"
    r"|nouvelle configuration|from scratch)\b"
)
_GREETING_ONLY_RE = re.compile(
    r"^\s*(?:(?:bonjour|bonsoir|salut|slt|bjr|hello|hi|hey|coucou|yo|allo|allo\s*\?|re|cc"
    r"|merci(?: beaucoup| bien)?|mrc|thx|thanks|super merci|ok merci|euh+|hum+|hmm+|heu+|ah|oh"
    r"|ben|bah|bon|alors|voila|madame|monsieur|a vous|la|tout le monde|a tous|ca va|comment ca va"
    r"|comment allez[- ]vous|vous allez bien|cordialement|bonne journee)\s*[,.!?…]*\s*)+$"
)
_OFF_TOPIC_RE = re.compile(
    r"\b(?:meteo|quel temps|il fait beau|il pleut|blague|raconte[- ]moi|foot|football|match"
    r"|politique|president|elections?|recette de|bitcoin|crypto|horoscope|tu es qui|t'es qui"
    r"|qui es[- ]tu|es[- ]tu un robot|t'es un robot|tu es un robot|chatgpt|tu m'aimes|chanson"
    r"|film|netflix|loto|quelle heure est[- ]il|quel jour sommes|capitale de|tiercé|pmu)\b"
)

# What a correction or a question is about, by keyword (first match wins; order matters).
_TARGETS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(p))
    for key, p in (
        ("recording_enabled", r"\benregistr\w*"),
        (
            "transfer_number",
            r"\btransf\w*|\burgence\w*|\bportable\b|\bmobile\b|\bmon numero\b"
            r"|\b0[67](?:[\s.-]?\d{2}){4}\b",
        ),
        (
            "business_phone",
            r"\bnumeros?\b|\btel\w*|\bfixe\b|\bstandard\b|\b0[1-59](?:[\s.-]?\d{2}){4}",
        ),
        ("email", r"\bmail\b|\be-?mail\b|\bcourriel\b|@"),
        ("website", r"\bsite\b|\bweb\b|\binternet\b|\bwww\b|\burl\b"),
        ("register", r"\bvouvoi\w*|\btutoi\w*|\bvouvoy\w*|\btutoy\w*|\bregistre\b"),
        ("voice_gender", r"\bvoix\b|\bhomme\b|\bfemme\b|\bmasculin\w*|\bfeminin\w*"),
        (
            "style",
            r"\bton\b|\bstyle\b|\bformel\w*|\bchaleureu\w*|\bdynamique\b|\brassurant\w*"
            r"|\bdecontract\w*|\bsympa\b|\bcool\b",
        ),
        (
            "opening_hours",
            r"\bhoraires?\b|\bheures?\b|\bouvert\w*|\bferme\w*|\bouverture\b"
            r"|\blundi|\bmardi|\bmercredi|\bjeudi|\bvendredi|\bsamedi|\bdimanche"
            r"|\b\d{1,2}\s*h\b|\bmidi\b|\bsoir\b|\bmatin\b|\brendez-vous\b|\brdv\b",
        ),
        (
            "services",
            r"\bprix\b|\btarifs?\b|\bservices?\b|\bprestations?\b|€|\beuros?\b|\bcarte\b"
            r"|\bmenu\b|\bcoupe\b",
        ),
        ("service_area", r"\bzone\b|\brayon\b|\bkm\b|\bsecteur\b|\bdeplace\w*|\binterv\w*"),
        (
            "address",
            r"\badresse\b|\brue\b|\bavenue\b|\bboulevard\b|\bcode postal\b|\bville\b"
            r"|\b\d{5}\b",
        ),
        (
            "tasks",
            r"\bmessages?\b|\breservations?\b|\bcommandes?\b|\bdevis\b|\btaches?\b"
            r"|\bmissions?\b|\bquestions?\b",
        ),
        ("owner_name", r"\bmon prenom\b|\bmon nom\b|\bje m'appelle\b|\bmoi c'est\b"),
        ("company_name", r"\bnom\b|\bappelle\b|\bnomme\b|\benseigne\b|\bs'appelle\b"),
        ("activity", r"\bactivite\b|\bmetier\b|\bsecteur d'activite\b"),
    )
)
_TERM_RE = re.compile(
    r"\b(vouvoiement|tutoiement|vouvoyer|tutoyer|transfert|transferer|enregistrement|devis"
    r"|zone d'intervention|faq|registre|style|ton|voix|assistant|ia|intelligence artificielle"
    r"|vapi|qr code|numero|tarif|abonnement|prix|cout)\b"
)


class Finish(StrEnum):
    """An owner who says they are done (« c'est bon », « je valide », « c'est tout »)."""

    STRONG = "strong"
    """Nothing but « I am done »: « c'est tout », « je valide », « on y va », « ok go »."""
    WEAK = "weak"
    """Satisfaction that also reads as a plain yes: « c'est bon », « parfait », « ça me va »;
    it means « done » only when no yes/no question is pending."""


_FINISH_SCOPED = r"c'est tout|c tout|ce sera tout|ca sera tout|rien (?:d'autre|de plus|a ajouter)"
"""« C'est tout » after an answer closes that answer (« du lundi au vendredi, c'est tout »)."""
_FINISH_STRONG = (
    rf"{_FINISH_SCOPED}|c'est tout pour moi|ca ira comme ca|c'est fini"
    r"|c'est termine|j'ai fini|j'ai termine|termine|fini|validons"
    r"|(?:je |on |vous |tu )?(?:vous )?valide[rz]?"
    r"(?: (?:le |ce |votre |ton )?(?:recap\w*|tout|l'ensemble))?"
    r"|(?:je |on )?(?:vous |te )?confirme[rz]? (?:le |ce |votre |ton |les |ces )?"
    r"(?:recap\w*|tout|l'ensemble|infos?|informations?)(?: (?:du |de )?recap\w*)?"
    r"|(?:je (?:vous )?confirme (?:que )?)?(?:le |ce |votre |ton )recap\w*"
    r" (?:est |me parait |me semble )?(?:exact|correct|bon|juste|ok|parfait|conforme|valide)"
    r"|(?:alors |allez )?on y va|allons[- ]y|c'est parti|(?:ok |okay |let'?s |allez )?go"
    r"|on lance|lance[rz]?(?: l'assistant| le| la)?"
    r"|(?:vous pouvez|tu peux|on peut) (?:lancer|valider|y aller|creer|activer|envoyer"
    # « vous pouvez enregistrer » said to the recap: save it (not record the calls)
    r"|enregistrer|sauvegarder|mettre en (?:service|ligne|route))"
    r"(?: l'assistant| le| la| tout)?|on est bons?"
    r"|(?:c'est )?ok pour moi|on s'arrete la|on peut s'arreter la|on arrete la"
    # « allez-y », « créez-le », « lancez-le », « rien à redire »
    r"|(?:allez|vas)[- ]y|(?:creez|cree|lancez|activez|generez|mettez)[- ](?:le|la|l'assistant)"
    r"(?: en (?:service|route|ligne))?|(?:j'ai |je n'ai )?rien a (?:redire|changer|modifier"
    r"|corriger|ajouter)"
    r"|(?:vous pouvez|tu peux|on peut) (?:le |la )?(?:mettre|passer) en (?:service|route|ligne)"
    r"|(?:vous pouvez|tu peux|on peut) (?:creer|lancer|activer) (?:mon|notre|l') ?assistant"
    r"|je suis d'accord avec tout|on part (?:la-dessus|comme ca)|c'est exactement ce que je voulais"
    # « je crois que j'ai tout dit », « vous avez tout », « c'est bon pour moi »: the owner has
    # nothing more to say, whatever was asked
    r"|(?:je (?:crois|pense) (?:que |qu')?)?(?:j'ai|on a|je vous ai|on vous a) tout dit"
    r"|(?:je (?:crois|pense) (?:que |qu')?)?(?:vous avez|tu as|t'as|t'a) tout"
    r"(?: ce qu'il (?:vous|te) faut)?|c'est (?:tout )?bon pour moi|c'est complet"
    # franglais: « perfect, validated ! », « all set », « approved »
    r"|validated|approved|all set|(?:it'?s |c'est )?a go|ship it"
)
_FINISH_WEAK = (
    r"c'est (?:tout )?bon|c bon|cbon"
    r"|tout est (?:bon|ok|correct|parfait|en ordre|nickel|exact|juste|clair)"
    r"|c'est (?:(?:tres|vraiment|super|tout a fait|parfaitement) )?"
    r"(?:ok|good|parfait|nickel|impeccable|correct|exact|juste|top|au top|regle|bien|clair)"
    r"|c'est (?:bien )?ca|exactement|parfait"
    r"|parfaitement|nickel|impeccable|impec|ca me va(?: tres bien| parfaitement)?"
    r"|(?:le reste|tout le reste|tout ca|tout|le recap\w*|ce recap\w*|c'est bon le recap\w*)"
    r" (?:me va|me convient|est bon|est ok|est parfait|est correct|est juste|est nickel)"
    r"|c good|all good|c'est conforme|tout est conforme|c'est carre|c'est note|voila"
    r"|ca me convient(?: tres bien| parfaitement)?|ca (?:me )?(?:parait|semble) (?:bien|bon|parfait"
    r"|correct)|ca roule|ca marche|(?:je )?confirme|top|au top|super|exact|correct|tout a fait"
    r"|absolument|banco|c'est confirme|confirme|c'est d'accord|genial|nickel chrome"
    r"|c'est bien ca(?: oui)?|ca (?:me )?(?:semble|parait) complet|c'est complet"
    r"|perfect|(?:looks|sounds) (?:good|great|perfect)(?: to me)?|lgtm|confirmed"
)
_FINISH_LEAD = (
    r"(?:oui|ouais|ok|okay|d'accord|dac|bon|ben|bah|alors|eh bien|et bien|tres bien|bien|super"
    r"|top|merci|parfait|allez|donc|sinon|du coup|pour moi|moi|pour le reste|le reste|non|tout"
    r"|et|c'est|c|oui oui|nickel|genial|impeccable|yes|vas-y|vas y|allez-y|allez y|ah|eh|voila"
    r"|perfect|cool|good|all good|alright|ok alors|bref|je (?:vous |te )?confirme(?: que)?)"
)
_FINISH_TAIL = (
    r"(?:pour moi|comme ca|merci(?: beaucoup| bien)?|alors|ainsi|tout|pour le reste|de mon cote"
    r"|pour tout|aussi|maintenant|ca|la|alors|bcp|beaucoup|pour (?:votre|ton|cette) aide)"
)
_FINISH_CLAUSE_RE = re.compile(
    # « ça roule on valide », « parfait c'est tout »: a validation may lead another
    rf"^(?:(?:{_FINISH_LEAD}|{_FINISH_WEAK})\s+)*(?P<core>{_FINISH_STRONG}|{_FINISH_WEAK})"
    rf"(?:\s+{_FINISH_TAIL})*$"
)
_FINISH_STRONG_RE = re.compile(rf"^(?:{_FINISH_STRONG})$")
_FINISH_SCOPED_RE = re.compile(rf"^(?:{_FINISH_SCOPED})$")
_FINISH_WHOLE_RE = re.compile(
    r"^(?:sinon|pour le reste|le reste|tout le reste|et pour le reste|du reste|a part ca"
    r"|tout est|tout)\b"
)
_LEAD_ONLY_RE = re.compile(rf"^(?:{_FINISH_LEAD}\s*)+$")
_CLAUSE_SPLIT_RE = re.compile(
    r"\s*(?:[,;:!?.…()]+|\s-\s|\bet\b|\bmais\b)\s*|\s+(?=(?:sinon|pour le reste)\b)"
)


_SMS_CEST_RE = re.compile(
    r"\bc\s+(?=(?:bon|parfait|nickel|top|ok|good|tout|correct|carre|juste|valide|confirme"
    r"|regle|note)\b)"
)
#: « pr moi », « bon pr moi »: SMS « pour ».
_PR_RE = re.compile(r"\bpr\b")
#: « je confirme tt », « tt est bon »: SMS « tout ».
_TT_RE = re.compile(r"\btt\b")
#: « oki », « okii », « okey », « okk »: « ok » as typed in an SMS.
_OK_RE = re.compile(r"\bo+k+(?:i+|e+y?|ey)\b|\bokk+\b")
#: « sa me va », « sa marche »: « ça » typed as « sa ».
_SA_RE = re.compile(r"\bsa\s+(?=(?:me\s+va|me\s+convient|marche|roule|ira|suffit|va)\b)")
#: « ouai c bon », « ouep »: « ouais » as typed in an SMS.
_OUAIS_RE = re.compile(r"\b(?:ouai|ouaip|ouep|oue)\b")
#: « g valide », « g tout relu »: SMS « j'ai ».
_SMS_JAI_RE = re.compile(r"\bg\s+(?=(?:tout\s+)?(?:valide|confirme|verifie|relu|lu|vu|check\w*)\b)")
#: « cest » typed without the apostrophe.
_CEST_RE = re.compile(r"\bcest\b")
_THANKS_RE = re.compile(
    r"^(?:merci|mrc|thanks|thx|bonne (?:journee|soiree|fin de journee|continuation)|a bientot"
    r"|a plus|cordialement|bisous?|au revoir|a la prochaine|bye|ciao"
    # « je vous en remercie », « je vous remercie », « on vous remercie »
    r"|(?:je|on|nous)\s+(?:vous|te)\s+(?:en\s+)?remerci\w*)\b"
)


#: « jvalide », « jconfirme »: « je » fused to the verb, as typed in an SMS.
_SMS_JE_RE = re.compile(r"\bj([bcdfgklmnpqrstvz][a-z]{3,})\b")


def _sms_je(m: re.Match[str]) -> str:
    verb = m.group(1)
    return f"je {verb}" if is_lexicon_word(verb) else m.group(0)


def _low(text: str) -> str:
    """Folded, numbers as digits, « c parfait » read as « c'est parfait », « jvalide » as « je
    valide »."""
    low = _SMS_JE_RE.sub(_sms_je, prepare(text).low.strip())
    low = _SMS_CEST_RE.sub("c'est ", low)
    low = _PR_RE.sub("pour", low)
    low = _TT_RE.sub("tout", low)
    low = _SMS_JAI_RE.sub("j'ai ", _OUAIS_RE.sub("ouais", low))
    low = _SA_RE.sub("ca ", _OK_RE.sub("ok", low))
    low = _THANKS_TYPO_RE.sub(lambda m: "merci" if m.group(0).startswith("m") else "beaucoup", low)
    return _CEST_RE.sub("c'est", low)


#: Thanks typed in haste (« merci beaucoups », « mercii », « bocoup »)
_THANKS_TYPO_RE = re.compile(r"\b(?:merc+i+s?|mersi|beaucoups|bocoups?|boucoups?|beaucou|bcq)\b")


def _polite(clause: str) -> bool:
    """Thanks or a greeting, said after the validation (« merci pour votre aide »)."""
    clause = clause.strip()
    return bool(_GREETING_ONLY_RE.match(clause)) or (
        bool(_THANKS_RE.match(clause)) and len(clause.split()) <= 8
    )


def detect_finish(text: str) -> Finish | None:
    """Does the owner say they are done? The last clause (after any thanks or greeting) must
    be a validation of its own (« ok c'est tout, merci ! », « parfait, on y va »): facts may
    come before it (« le samedi c'est 18h, sinon c'est bon »), a negation never matches
    (« c'est pas bon », « ça ne me va pas »), and a question is not a validation."""
    if not text or not text.strip():
        return None
    low = _low(text)
    if low.endswith("?"):
        return None
    sentences = [x for x in _SENTENCE_SPLIT_RE.split(low) if re.search(r"[a-z]", x)]
    while len(sentences) > 1 and _polite(sentences[-1]):
        sentences.pop()  # « …, c'est bon. Merci ! »
    if not sentences:
        return None
    # a sentence of its own closes the conversation (« Vouvoiement, voix féminine. Je
    # confirme. »); within one sentence it may close only the answer before it
    clauses = [c for c in _CLAUSE_SPLIT_RE.split(sentences[-1]) if c and re.search(r"[a-z]", c)]
    while clauses and _polite(clauses[-1]) and len(clauses) > 1:
        clauses.pop()
    if not clauses:
        return None
    last = clauses[-1].strip()
    m = _FINISH_CLAUSE_RE.match(last)
    if m is None:
        # the thanks after it carry no fact (« oui c'est très bien, merci ma belle »)
        return _validation_words(", ".join(c.strip() for c in clauses))
    core = m.group("core")
    after_content = any(
        not _LEAD_ONLY_RE.match(c.strip())
        and not _FINISH_CLAUSE_RE.match(c.strip())
        and not _polite(c)  # « super, merci beaucoup, c'est top »
        for c in clauses[:-1]
    )  # « ouais ça me va, c'est bon »: validations in a row are not an answer closed
    scoped = _FINISH_SCOPED_RE.match(core) or not _FINISH_STRONG_RE.match(core)
    if after_content and scoped and not _FINISH_WHOLE_RE.match(last):
        # « vouvoiement, ça me va », « le lundi, c'est tout »: that answer, not the whole
        return None
    return Finish.STRONG if _FINISH_STRONG_RE.match(core) else Finish.WEAK


#: Lemmas that validate by themselves (« je le valide », « je vous confirme… »): done.
_VALIDATING = frozenset(
    [
        "valider",
        "go",
        "confirmer",
        "approuver",
        "lancer",
        "creer",
        "generer",
        "activer",
        "envoyer",
        "valide",
        "confirme",
    ]
)
#: What the owner may validate: everything said (« ce récapitulatif », « ces informations »).
_THE_WHOLE = frozenset(
    [
        "recapitulatif",
        "recap",
        "information",
        "info",
        "ensemble",
        "tout",
        "resume",
        "fiche",
        "donnee",
        "element",
        "contenu",
        "exactitude",
        "configuration",
        "config",
        "parametrage",
        "reglage",
    ]
)
#: Words of approval (« correct », « juste », « ça me convient »): done when nothing else is said.
_APPROVING = frozenset(
    [
        "correct",
        "exact",
        "bon",
        "bien",
        "juste",
        "parfait",
        "conforme",
        "ok",
        "okay",
        "complet",
        "nickel",
        "impeccable",
        "top",
        "super",
        "parfaitement",
        "exactement",
        "convenir",
        "convient",
        "conviennent",
        "good",
        "perfect",
        "impec",
    ]
)
#: Words that carry no fact around a validation (« bon ben », « allez », « vous pouvez y aller »,
#: « on part là-dessus »).
_AROUND_VALIDATION = frozenset(
    [
        "merci",
        "beaucoup",
        "tres",
        "alors",
        "ben",
        "bah",
        "bon",
        "allez",
        "aller",
        "voila",
        "oui",
        "ouais",
        "donc",
        "sinon",
        "moi",
        "cela",
        "ca",
        "ceci",
        "faire",
        "pouvoir",
        "y",
        "la",
        "dessus",
        "partir",
        "part",
        "sembler",
        "paraitre",
        "etre",
        "avoir",
        "vraiment",
        "totalement",
        "entierement",
        "absolument",
        "assistant",
        "ainsi",
        "comme",
        "maintenant",
        "euh",
        "eh",
        "ah",
        "oh",
        "yes",
        "ici",
        "cote",
    ]
)
_NEGATING = frozenset(
    [
        "pas",
        "ne",
        "n'",
        "jamais",
        "aucun",
        "aucune",
        "plus",
        "sauf",
        "mais",
        "faux",
        "fausse",
        "erreur",
    ]
)
_FUNCTION_POS = frozenset(["DET", "PRON", "ADP", "CCONJ", "SCONJ", "PUNCT", "AUX", "SPACE"])


def _validation_words(sentence: str) -> Finish | None:
    """A validation in words the phrase lists do not hold (« Ce récapitulatif est correct, je le
    valide », « Je vous confirme l'exactitude de ces informations », « bon ben c'est bon,
    allez »): every word of the sentence is one of validation, approval, the whole, or of no
    content, at least one validates or approves, and nothing negates. Lemmas come from the
    French pipeline, so « validé », « confirmons » and « conviennent » are read alike."""
    words = sentence.split()
    if not 2 <= len(words) <= 16:
        return None  # « ok », « top »: an acknowledgement, read by the phrase lists
    strong = approved = whole = False
    for tag in tags(sentence):
        word = fold(tag.text)
        lemma = fold(tag.lemma)
        if word in _NEGATING or lemma in _NEGATING:
            return None
        if tag.pos in _FUNCTION_POS or not re.search(r"[a-z]", word):
            continue
        if word in _VALIDATING or lemma in _VALIDATING:
            strong = True
        elif word in _THE_WHOLE or lemma in _THE_WHOLE:
            whole = True  # « ces informations sont exactes »: the whole is approved
        elif word in _APPROVING or lemma in _APPROVING:
            approved = True
        elif word not in _AROUND_VALIDATION and lemma not in _AROUND_VALIDATION:
            return None  # a word with content: an answer, not only a validation
    if strong or (approved and whole):
        return Finish.STRONG
    if len(words) < 3:
        return None  # « nous validons » validates; « très bien » only acknowledges
    return Finish.WEAK if approved else None


_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?…])\s+|\n+")
_CUT_RE = re.compile(
    r"[,;:!?.…()]+|\s-\s|\s(?:et|mais)\s|\s(?=(?:sinon|pour le reste)\b)", re.IGNORECASE
)


def _pure_finish(text: str) -> bool:
    """Nothing but validation words, thanks and greetings (« , sinon c'est bon. Merci ! »)."""
    low = _low(text)
    parts = [
        c.strip()
        for x in _SENTENCE_SPLIT_RE.split(low)
        for c in _CLAUSE_SPLIT_RE.split(x)
        if c and re.search(r"[a-z]", c)
    ]
    return bool(parts) and all(
        _FINISH_CLAUSE_RE.match(c) or _LEAD_ONLY_RE.match(c) or _polite(c) for c in parts
    )


#: A validation about everything, not only the question asked: « tout est bon », « le reste me
#: va », « c'est parfait pour moi », « ok merci, c'est tout bon ».
_EVERYTHING_RE = re.compile(
    r"\b(?:tout|le reste|tout le reste|pour moi|de mon cote|l'ensemble|le recap\w*|merci)\b"
)


def closes_everything(text: str) -> bool:
    """A validation (« c'est bon ») that says the whole is right, not only the question
    pending: it names everything (« tout est bon », « le reste me va »), speaks for the owner
    (« parfait pour moi ») or thanks (« oui c'est parfait, merci »). A bare « oui c'est ça »
    answers a yes/no check and goes no further."""
    return detect_finish(text) is not None and _EVERYTHING_RE.search(_low(text)) is not None


def without_finish(text: str) -> str:
    """What ``text`` says besides its closing validation: « du lundi au vendredi, sinon c'est
    bon » → « du lundi au vendredi »; « ok c'est tout, merci » → ""."""
    if _pure_finish(text):
        return ""
    body = text
    for m in reversed(list(_CUT_RE.finditer(text))):
        tail = text[m.start() :]
        if not re.search(r"\w", tail):
            continue
        if not _pure_finish(tail):
            break
        body = text[: m.start()]
    return body.strip()


def detect_target(text: str) -> str | None:
    """The fact a correction or question is about, by keywords ("la voix" → "voice_gender")."""
    low = prepare(text).low
    for key, pattern in _TARGETS:
        if pattern.search(low):
            return key
    return None


#: Below this sector confidence, a message does not clearly name a business.
_TRADE_CONFIDENCE = 0.5


def _names_a_trade(text: str) -> bool:
    """True when the message names a business through catalogue terms other than the off-topic
    words themselves: « tabac presse loto », « bar tabac PMU » describe a shop, not a chat."""
    found = detect_sector(text)
    if found.confidence < _TRADE_CONFIDENCE:
        return False
    return any(not _OFF_TOPIC_RE.search(_low(term)) for term in found.matched)


def _is_gibberish(low: str) -> bool:
    words = re.findall(r"[a-z]+", low)
    if not words or re.search(r"\d", low):
        return False
    odd = 0
    for w in words:
        if len(w) < 4:
            continue
        vowels = sum(c in "aeiouy" for c in w)
        if (
            vowels == 0
            or re.search(r"[^aeiouy\s]{5,}", w)
            or vowels / len(w) < 0.2
            or re.search(
                r"(?:qsd|sdf|dfg|fgh|ghj|hjk|jkl|azer|zert|erty|wxc|xcv|cvb|vbn|qwe|wer|asd"
                r"|zxc|uiop|poiu|mlkj)",
                w,
            )
            or re.search(r"(.)\1\1\1", w)
        ):
            odd += 1
    long_words = [w for w in words if len(w) >= 4]
    return bool(long_words) and odd >= max(1, (len(long_words) + 1) // 2) and len(words) <= 6


#: A sentence longer than this tells something (« un nouveau départ après vingt ans… »): a
#: request to start over is short.
_RESTART_MAX_WORDS = 20


def _asks_restart(prepared: Prepared) -> bool:
    """The owner asks to start over (« on recommence », « reset ! », « je veux tout reprendre
    depuis le début »): in a short sentence of its own, not negated, and not inside a name
    written with capitals (« mon cabinet c'est Mind Reset Sophrologie », « Mon activité
    s'appelle Cap Nouveau Départ »): a long description loses nothing to a word it holds."""
    low = prepared.low
    if not _RESTART_RE.search(low) or re.search(r"\bne\s+\w*\s*pas\b|\bpas\b", low):
        return False
    start = 0
    for cut in [*_SENTENCE_SPLIT_RE.finditer(low), None]:
        end = cut.start() if cut is not None else len(low)
        said, sentence = low[start:end].strip(), prepared.folded.source_slice(start, end)
        start = cut.end() if cut is not None else end
        m = _RESTART_RE.search(said)
        if m is None or len(said.split()) > _RESTART_MAX_WORDS:
            continue
        words = re.findall(r"[^\W\d_][\w'’-]*", sentence)
        first = m.group(0).split()[0]
        # a capital inside the sentence, beside another one: a name (« Mind Reset »)
        capital = [w[:1].isupper() for w in words]
        named = any(
            i > 0 and capital[i] and (capital[i - 1] or (i + 1 < len(words) and capital[i + 1]))
            for i, w in enumerate(words)
            if fold(w) == first
        )
        if not named:
            return True
    return False


def answered_part(text: str) -> str:
    """A question the owner answers at once (« tu ou vous ? vous plutôt. voix femme. 03 21… »):
    what follows it states facts, and those are what the message is for; any other text is
    returned whole."""
    head, mark, tail = text.rpartition("?")
    if not mark or not re.search(r"\w", head) or not re.search(r"\w", tail):
        return text
    said = detect_intent(tail)
    if said.kind in (IntentKind.ANSWER, IntentKind.CORRECTION):
        return tail.strip(" .,;:!…")
    return text


def detect_intent(text: str) -> Intent:
    """Classify an owner's utterance (see :class:`IntentKind`)."""
    if text is None or not text.strip():
        return Intent(IntentKind.EMPTY)
    prepared = prepare(text)
    low = prepared.low.strip()
    letters = re.sub(r"[^a-z0-9@€]", "", low)
    if not letters:
        if "?" in text:
            return Intent(IntentKind.QUESTION, question_kind="other")
        return Intent(IntentKind.EMPTY)
    if _GREETING_ONLY_RE.match(low):
        return Intent(IntentKind.EMPTY)
    if _asks_restart(prepared):
        return Intent(IntentKind.RESTART)
    answer = answered_part(text)
    if answer != text:
        return detect_intent(answer)
    # questions from the owner
    is_question = (
        bool(_QUESTION_ANY_RE.search(low))
        or (bool(_MEANING_CONNECTOR_RE.search(low)) and ("?" in low or len(low.split()) <= 8))
        or (bool(_QUESTION_START_RE.match(low)) and ("?" in low or len(low.split()) <= 12))
        or (bool(_QUESTION_WEAK_START_RE.match(low)) and "?" in low)
        or (
            low.rstrip().endswith("?")
            and not _CORRECTION_RE.search(low)
            and (
                bool(
                    re.search(
                        r"\b(?:quoi|pourquoi|comment|combien|quel\w*|qui|ou|est-ce|puis-je"
                        r"|peut-on|dois-je|faut-il|c'est|ca)\b",
                        low,
                    )
                )
                or len(low.split()) <= 3
            )
        )
    )
    if is_question and _OFF_TOPIC_RE.search(low):
        return Intent(IntentKind.OFF_TOPIC)
    if is_question:
        qkind = "other"
        if re.search(r"\bpourquoi\b", low):
            qkind = "why"
        elif re.search(
            r"c'est quoi|veut dire|signifie|comprends? pas|compris|c'est[- ]a[- ]dire"
            r"|explique|sert a quoi|qu'est[- ]ce qu",
            low,
        ):
            qkind = "meaning"
        elif re.search(r"\bcombien\b|\bcout\w*|\bprix\b|\bpayant\b|\bgratuit\b|\btarif", low):
            qkind = "cost"
        elif re.search(r"\bcomment\b", low):
            qkind = "how"
        term = _TERM_RE.search(low)
        return Intent(
            IntentKind.QUESTION,
            target=detect_target(text),
            term=term.group(1) if term else None,
            question_kind=qkind,
        )
    if _CORRECTION_RE.search(low):
        return Intent(IntentKind.CORRECTION, target=detect_target(text))
    if _SKIP_RE.match(low) or _declines_all(low):
        return Intent(IntentKind.SKIP)
    if _NO_PREF_RE.search(low) and len(low.split()) <= 12:
        return Intent(IntentKind.NO_PREFERENCE)
    if _OFF_TOPIC_RE.search(low) and len(low.split()) <= 15 and not _names_a_trade(text):
        return Intent(IntentKind.OFF_TOPIC)
    if _is_gibberish(low):
        return Intent(IntentKind.OFF_TOPIC)
    return Intent(IntentKind.ANSWER)
