"""Equality standards and their indicators, as data and generic code."""
