"""Pure, UI-free workforce equality metrics: load HR extracts, reduce them to counts, compute WRES."""
