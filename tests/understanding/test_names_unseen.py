"""Stated company names in shapes the rules were not written for: lower-case SMS, the name
after the trade and town, « X et Y » names, a lower-case word inside a name, a name made of
trade words after a container; and names never invented from a town, a zone or a price list.
Fresh examples written for this test (none from a data set); a share must be found, and none
invented."""

from __future__ import annotations

import re

from allokoli.understanding import fold
from allokoli.understanding.extract import extract_facts

#: Share of the stated names below that must be found exactly.
FOUND_SHARE = 0.93


def _key(value: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(value or "")).strip()


STATED: list[tuple[str, str]] = [
    # after the trade and the town, in apposition
    ("couvreur à Quimper, Toitures de l'Odet", "Toitures de l'Odet"),
    ("Plombier chauffagiste à Brive, Eau Chaude Services", "Eau Chaude Services"),
    ("fleuriste à Dinan, Les Jolies Tiges", "Les Jolies Tiges"),
    ("Boulanger à Millau, Au Pain Doré, ouvert 7j/7", "Au Pain Doré"),
    ("Paysagiste sur Angers et alentours, Vert Tendre Jardins.", "Vert Tendre Jardins"),
    ("Maçon à Rodez depuis 20 ans, Bâti Rouergue.", "Bâti Rouergue"),
    ("Taxi conventionné à Gap, Alpes Taxi Service, 24h/24.", "Alpes Taxi Service"),
    ("auto-école à Poitiers, Permis Facile 86", "Permis Facile 86"),
    ("Pressing à Laval. Net & Frais.", "Net & Frais"),
    ("Électricien à Bayonne : Volt Basque.", "Volt Basque"),
    # explicit naming cues, varied registers
    ("Bonjour ! Ma pâtisserie s'appelle Sucre d'Orge, à Lorient.", "Sucre d'Orge"),
    ("on s'appelle Les Copains d'Abord, c'est un bar à Sète", "Les Copains d'Abord"),
    ("Le nom du salon c'est Ciseaux d'Or, on est à Cahors", "Ciseaux d'Or"),
    ("Notre garage : Garage des Tilleuls, à Vierzon.", "Garage des Tilleuls"),
    ("Je suis la gérante de Fil Rouge Couture à Tulle.", "Fil Rouge Couture"),
    ("Nous sommes la société Hydro Clean, nettoyage industriel.", "Hydro Clean"),
    ("L'enseigne c'est Bio Panier, épicerie vrac à Figeac", "Bio Panier"),
    ("Mon cabinet se nomme Harmonie Santé, je suis naturopathe.", "Harmonie Santé"),
    ("Vous êtes chez Lou Fournil, boulangerie artisanale.", "Lou Fournil"),
    ("bienvenue au Relais du Moulin, restaurant à Dole", "Relais du Moulin"),
    # lower-case SMS names
    ("toilettage à domicile, ma boite c'est poils & moustaches", "poils & moustaches"),
    ("lavage auto a reims, ça s'appelle clean car 51", "clean car 51"),
    ("salut je fais des ongles a domicile, ca sappelle nail factory", "nail factory"),
    ("je suis plombier, mon entreprise c'est plomberie martin", "plomberie martin"),
    ("ma boite s'appelle brico services 72, je fais du petit bricolage", "brico services 72"),
    ("ca s'appelle chez mamie, on fait de la cuisine maison", "chez mamie"),
    ("le nom c'est green elagage, on est vers pau", "green elagage"),
    ("moi c'est kevin, ma boite s'appelle kev renov", "kev renov"),
    # « X et Y » names mid-sentence
    ("On est Sel et Poivre, traiteur pour mariages à Albi.", "Sel et Poivre"),
    ("La boutique s'appelle Fil et Aiguille et on fait des retouches.", "Fil et Aiguille"),
    ("Notre restaurant, Terre et Mer, propose des fruits de mer à Royan.", "Terre et Mer"),
    ("Je gère Pierre et Bois, une entreprise de rénovation à Mende.", "Pierre et Bois"),
    ("Chez Ciel et Terre, on vend des graines et des plants à Nérac.", "Ciel et Terre"),
    ("Bonjour, ici Cannelle et Vanille, salon de thé à Saumur.", "Cannelle et Vanille"),
    # a lower-case word inside a name, after a container
    (
        "Kiné à Vannes. Cabinet de Kinésithérapie des Remparts.",
        "Cabinet de Kinésithérapie des Remparts",
    ),
    (
        "Psychologue à Nevers. Cabinet de psychologie Les Tilleuls.",
        "Les Tilleuls",
    ),
    ("Avocate en droit de la famille. Cabinet d'avocats Marceau.", "Cabinet d'avocats Marceau"),
    ("Institut de beauté Douce Heure à Redon : soins, épilations.", "Douce Heure"),
    ("Salon de coiffure Mèches Rebelles à Castres, coupes et couleurs.", "Mèches Rebelles"),
    ("Atelier de poterie Terre Brûlée, cours et stages à Vallauris.", "Terre Brûlée"),
    ("Institut de beauté L'Instant pour Soi à Dax.", "L'Instant pour Soi"),
    ("Centre de yoga Souffle de Vie, cours collectifs à Privas.", "Souffle de Vie"),
    ("Agence de communication Pixel et Plume, sites web et logos.", "Pixel et Plume"),
    ("Cabinet d'expertise comptable Durand & Associés à Niort.", "Durand & Associés"),
    # a sentence of its own, signed
    ("Déménagements locaux et longue distance depuis Tarbes. Trans Pyrène.", "Trans Pyrène"),
    ("Crêpes et galettes à emporter sur le port. Ty Breizh.", "Ty Breizh"),
    ("Cours de dessin pour enfants et adultes. L'Atelier des Couleurs.", "L'Atelier des Couleurs"),
    ("Vente de vins du Languedoc, dégustation sur place. La Cave du Pic.", "La Cave du Pic"),
    ("Location de matériel de réception, tentes, tables. Fête Location 33.", "Fête Location 33"),
    ("Soins énergétiques et reiki sur rendez-vous. Lumière Intérieure.", "Lumière Intérieure"),
    ("Garde d'animaux à domicile pendant vos vacances. Pattes et Câlins.", "Pattes et Câlins"),
    ("Mécanique générale, pneus, vidange. Garage Lopez.", "Garage Lopez"),
    ("Menuiserie sur mesure, escaliers, cuisines. Bois & Création.", "Bois & Création"),
    # the name opening the text
    ("Les Délices de Léa, pâtisserie à Béziers, gâteaux sur commande.", "Les Délices de Léa"),
    ("Boucherie Ferrand, viandes de Salers, à Aurillac.", "Boucherie Ferrand"),
    ("Pizzeria Da Marco à Nancy, sur place ou à emporter.", "Pizzeria Da Marco"),
    ("Auto Plus 47, garage toutes marques à Agen.", "Auto Plus 47"),
    ("Ô Petits Soins, infirmières à domicile à Montauban.", "Ô Petits Soins"),
    ("Brasserie du Théâtre à Reims, cuisine de brasserie midi et soir.", "Brasserie du Théâtre"),
    # « c'est », « mettez », the name given in a reply-like message
    ("oui bonjour c'est Électro Dépannage, on fait l'électroménager", "Électro Dépannage"),
    ("Mettez Jardin Secret comme nom svp", "Jardin Secret"),
    ("Pour le nom, c'est La Fabrique à Gâteaux.", "La Fabrique à Gâteaux"),
    ("c'est Atelier Vélo Cévenol, réparation de vélos à Alès", "Atelier Vélo Cévenol"),
    ("Alors nous c'est Tipi Kids, une crèche à Valence", "Tipi Kids"),
    # quoted names
    ("J'ai un food truck « Le Camion Gourmand » à Troyes.", "Le Camion Gourmand"),
    ('Notre boutique "Mille Pattes" vend des chaussures pour enfants.', "Mille Pattes"),
    ("La maison d'hôtes « Les Volets Bleus » à Uzès.", "Les Volets Bleus"),
    # initials, digits, English
    ("Dépannage informatique à Brest, c'est J.B. Info.", "J.B. Info"),
    ("Je suis coach sportif, ma société c'est Move Up Coaching.", "Move Up Coaching"),
    ("Nettoyage de bureaux à Lille, Clean Office Pro.", "Clean Office Pro"),
    ("Menuisier à Cholet, on travaille sous le nom Atelier 49.", "Atelier 49"),
    ("Barber à Toulon, The Blade Room, sans rendez-vous.", "The Blade Room"),
    # a name in capitals closing a message typed in lower case
    ("cordonnerie clés minute a Auch, talons, LA BOTTE", "LA BOTTE"),
    ("fleurs et plantes vertes sur Redon, mariages, deuils, LE LISERON", "LE LISERON"),
    ("vente de bois de chauffage livré sur Épinal, FORÊT VOSGIENNE", "FORÊT VOSGIENNE"),
    # a longer spoken message
    (
        "Alors voilà, je suis ambulancier à Guéret, on est trois, "
        "et l'entreprise c'est Ambulances de la Creuse.",
        "Ambulances de la Creuse",
    ),
    (
        "Euh bonjour, je tiens une petite épicerie fine à Sarlat, elle s'appelle Le Panier Périgourdin, "
        "on fait du foie gras et des noix.",
        "Le Panier Périgourdin",
    ),
    (
        "Bonjour, je suis sophrologue à Annecy et mon cabinet s'appelle Respire, "
        "je reçois sur rendez-vous.",
        "Respire",
    ),
    (
        "Nous sommes une petite équipe de deux, on fait de la rénovation intérieure "
        "sous le nom Déco Rénov Concept.",
        "Déco Rénov Concept",
    ),
    (
        "Cordonnier-serrurier à Montluçon. Talon Minute Montluçon, clés et talons en 5 minutes.",
        "Talon Minute Montluçon",
    ),
    ("Je suis ostéopathe, le cabinet s'appelle Ostéo Équilibre, à Blois.", "Ostéo Équilibre"),
    ("Gîte rural Le Clos des Mûres, 6 personnes, en Ardèche.", "Le Clos des Mûres"),
    ("Chambres d'hôtes à Honfleur, La Maison du Quai.", "La Maison du Quai"),
    ("Fromagerie Les Alpages, fromages affinés à Annecy.", "Les Alpages"),
    ("Bonjour, Fromagerie Les Alpages, fromages affinés à Annecy.", "Fromagerie Les Alpages"),
    ("Vétérinaire à Dreux. Clinique vétérinaire du Parc.", "Clinique vétérinaire du Parc"),
]

NO_NAME: list[str] = [
    "Plombier, j'interviens sur tout le Gard et l'Hérault.",
    "Toilettage petit chien 40e 1h30, grand chien 60e",
    "Électricien à Nîmes, dépannage rapide.",
    "Coiffure mixte à Dijon, avec ou sans rendez-vous.",
    "je fais du ménage chez les particuliers vers Tours",
    "Maçonnerie générale, rénovation, sur Toulouse et sa région.",
    "Boulangerie pâtisserie à Angers, ouvert du mardi au dimanche.",
    "Cours de yoga à Biarritz, Hatha et Yin, petits groupes.",
    "Bonjour, je suis Camille, naturopathe à Metz.",
    "Jardinage, tonte 30e de l'heure, taille de haies sur devis",
    "Dépannage serrurerie Paris 15e, 24h/24, 7j/7.",
    "Taxi à Lourdes, gares et aéroports.",
]


def test_stated_names_are_found() -> None:
    misses = [
        (text, name, extract_facts(text).company_name)
        for text, name in STATED
        if _key(extract_facts(text).company_name) != _key(name)
    ]
    found = 1 - len(misses) / len(STATED)
    assert len(STATED) >= 80
    assert found >= FOUND_SHARE, "\n".join(f"{t!r}: {n!r} ≠ {g!r}" for t, n, g in misses)


def test_no_name_is_invented() -> None:
    invented = [(t, extract_facts(t).company_name) for t in NO_NAME]
    assert [(t, n) for t, n in invented if n is not None] == []


def test_the_configurator_reads_the_same_name_in_the_first_message() -> None:
    """The first answer (trade, town, then the name) is read by the configurator as by the
    description reader: the same candidates, the same name."""
    from allokoli.configurator import start, turn

    for text, name in STATED[:10]:
        _reply, s = start()
        _reply, s = turn(s, text)
        assert _key(str(s.profile.get("company_name") or s.name_candidate or "")) == _key(name)
