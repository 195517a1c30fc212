"""A small gazetteer of French cities, used to recognise city names typed in lower case and
without accents ("a st etienne", "sur bordeaux"). Capitalised names outside the list are
recognised by :mod:`allokoli.understanding.facts` from their capital letter."""

from __future__ import annotations

import re

from allokoli.understanding.normalize import fold

__all__ = ["CITY_RE", "canonical_city"]

_CITIES = """
Paris|Marseille|Lyon|Toulouse|Nice|Nantes|Montpellier|Strasbourg|Bordeaux|Lille|Rennes|Reims
|Toulon|Saint-Étienne|Le Havre|Grenoble|Dijon|Angers|Nîmes|Villeurbanne|Clermont-Ferrand
|Le Mans|Aix-en-Provence|Brest|Tours|Amiens|Limoges|Annecy|Perpignan|Boulogne-Billancourt|Metz
|Besançon|Orléans|Saint-Denis|Argenteuil|Rouen|Mulhouse|Montreuil|Caen|Nancy|Roubaix|Tourcoing
|Nanterre|Vitry-sur-Seine|Avignon|Créteil|Dunkerque|Poitiers|Asnières-sur-Seine|Versailles
|Colombes|Aubervilliers|Aulnay-sous-Bois|Courbevoie|Cherbourg|Rueil-Malmaison|Pau
|Champigny-sur-Marne|Béziers|La Rochelle|Calais|Saint-Maur-des-Fossés|Antibes|Cannes|Colmar
|Mérignac|Saint-Nazaire|Ajaccio|Bastia|Drancy|Issy-les-Moulineaux|Noisy-le-Grand
|Levallois-Perret|Quimper|Valence|Troyes|Neuilly-sur-Seine|Villeneuve-d'Ascq|Antony
|La Seyne-sur-Mer|Pessac|Ivry-sur-Seine|Clichy|Chambéry|Lorient|Niort|Sarcelles|Montauban
|Vénissieux|Saint-Quentin|Villejuif|Hyères|Beauvais|Cholet|Épinay-sur-Seine|Pantin|Bondy
|Fréjus|Maisons-Alfort|Chelles|Évry|Fontenay-sous-Bois|Vannes|La Roche-sur-Yon|Arles|Clamart
|Narbonne|Annemasse|Sartrouville|Grasse|Laval|Belfort|Bayonne|Évreux|Vincennes|Montrouge
|Sevran|Albi|Charleville-Mézières|Suresnes|Martigues|Corbeil-Essonnes|Saint-Ouen|Bobigny
|Cagnes-sur-Mer|Saint-Malo|Blois|Brive-la-Gaillarde|Meaux|Carcassonne|Chalon-sur-Saône
|Châlons-en-Champagne|Angoulême|Agen|Périgueux|Tarbes|Bourges|Auxerre|Nevers|Mâcon|Chartres
|Alès|Sète|Biarritz|Arcachon|Montélimar|Gap|Lens|Douai|Valenciennes|Arras|Saint-Brieuc|Vichy
|Roanne|Villefranche-sur-Saône|Bourg-en-Bresse|Vienne|Thonon-les-Bains|Aurillac|Rodez|Cahors
|Mont-de-Marsan|Dax|Saint-Tropez|Menton|Draguignan|Salon-de-Provence|Aubagne|Istres|Vitrolles
|Oullins|Bron|Caluire-et-Cuire|Écully|Saint-Priest|Vaulx-en-Velin|Décines|Meyzieu
|Rillieux-la-Pape|Sainte-Foy-lès-Lyon|Saint-Germain-en-Laye|Fontainebleau|Compiègne|Senlis
|Cergy|Pontoise|Melun|Saint-Herblain|Rezé|Saint-Sébastien-sur-Loire|Lorient|Lannion|Morlaix
|Saint-Lô|Alençon|Lisieux|Deauville|Honfleur|Dieppe|Fécamp|Épinal|Thionville|Haguenau
|Sélestat|Saverne|Montbéliard|Dole|Lons-le-Saunier|Pontarlier|Le Puy-en-Velay|Moulins
|Montluçon|Guéret|Tulle|Bergerac|Libourne|Arcachon|Saintes|Rochefort|Royan|Cognac|Châtellerault
|Castres|Millau|Figeac|Auch|Foix|Lourdes|Anglet|Hendaye|Saint-Jean-de-Luz|Orange|Carpentras
|Cavaillon|Manosque|Digne-les-Bains|Briançon|Embrun|Sisteron|Ollioules|La Ciotat|Cassis
|Hyères|Saint-Raphaël|Mandelieu|Vallauris|Villeneuve-Loubet|Saint-Laurent-du-Var|Monaco
|Porto-Vecchio|Calvi|Corte|Bastia|Lunel|Agde|Lodève|Millau|Mende|Privas|Aubenas
|Annonay|Romans-sur-Isère|Voiron|Échirolles|Saint-Martin-d'Hères|Meylan|Chamonix|Albertville
|Aix-les-Bains|Cluses|Sallanches|Évian-les-Bains|Bourgoin-Jallieu|Villefranche|Givors|Tarare
|Saint-Chamond|Firminy|Montbrison|Villeneuve-sur-Lot|Marmande|Périgueux|Sarlat|Épernay|Sedan
|Soissons|Laon|Saint-Omer|Boulogne-sur-Mer|Le Touquet|Abbeville|Maubeuge|Cambrai|Armentières
|Villeneuve-Saint-Georges|Massy|Palaiseau|Orsay|Les Ulis|Étampes|Rambouillet|Mantes-la-Jolie
|Poissy|Conflans-Sainte-Honorine|Saint-Cloud|Sèvres|Meudon|Vanves|Malakoff|Bagneux|Châtillon
|Fontenay-aux-Roses|Sceaux|Bourg-la-Reine|Le Kremlin-Bicêtre|Gentilly|Arcueil|Cachan
|Charenton-le-Pont|Saint-Mandé|Nogent-sur-Marne|Le Perreux-sur-Marne|Rosny-sous-Bois
|Noisy-le-Sec|Romainville|Les Lilas|Bagnolet|Le Pré-Saint-Gervais|Clichy-sous-Bois|Livry-Gargan
|Le Blanc-Mesnil|Bondy|Gonesse|Garges-lès-Gonesse|Enghien-les-Bains|Montmorency|Ermont
|Franconville|Taverny|Bezons|Houilles|Chatou|Le Vésinet|Le Pecq|Marly-le-Roi|Plaisir|Trappes
|Guyancourt|Montigny-le-Bretonneux|Élancourt|Vélizy-Villacoublay|Boulogne|Neuilly|Levallois
"""


def _display_names() -> list[str]:
    names = [n.strip() for n in _CITIES.replace("\n", "").split("|") if n.strip()]
    return list(dict.fromkeys(names))


_BY_KEY: dict[str, str] = {}
for _name in _display_names():
    _key = re.sub(r"[-\s]+", " ", fold(_name)).replace("saint ", "st ").replace("sainte ", "ste ")
    _BY_KEY[_key] = _name


def _pattern(key: str) -> str:
    words = key.split(" ")
    out = []
    for w in words:
        if w == "st":
            out.append(r"(?:saint|st\.?)")
        elif w == "ste":
            out.append(r"(?:sainte|ste\.?)")
        else:
            out.append(re.escape(w))
    return r"[-\s]+".join(out)


CITY_RE = re.compile(
    r"\b(?:" + "|".join(_pattern(k) for k in sorted(_BY_KEY, key=len, reverse=True)) + r")\b(?!-)"
)
"""Matches a known city in folded (lower-case, accent-free) text."""


def canonical_city(folded_match: str) -> str | None:
    """Display name for a match of :data:`CITY_RE`."""
    key = re.sub(r"[-\s]+", " ", folded_match.strip())
    key = re.sub(r"\bsaint\b", "st", key)
    key = re.sub(r"\bsainte\b", "ste", key)
    key = key.replace("st.", "st").replace("ste.", "ste")
    return _BY_KEY.get(key)
