"""The bottom layer: the business profile, its value types and the sector catalogue."""
