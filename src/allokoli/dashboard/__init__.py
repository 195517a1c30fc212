"""The home page and the dashboard: the assistants and the calls at a glance."""
