"""Reference rules kept as data: column aliases, ethnic categories, bands, staff groups, flags; the standards in standards/."""
