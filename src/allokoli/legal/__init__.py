"""The public legal pages (conditions d'utilisation, politique de confidentialité, mentions
légales), written from the operator's settings and the product's RGPD facts."""
