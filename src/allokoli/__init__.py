"""AlloKoli: French AI phone receptionists generated from a conversation."""

__version__ = "0.1.0"
