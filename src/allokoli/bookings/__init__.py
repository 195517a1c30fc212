"""Bookings (issue 17): services, resources, availability, live booking tools, the agenda."""
