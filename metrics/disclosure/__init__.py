"""Disclosure control: what may leave the organisation, and the published numbers it is checked against."""
