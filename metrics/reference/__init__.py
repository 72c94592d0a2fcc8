"""Reference rules kept as data: column aliases, ethnic categories, bands, staff groups, flags, survey map."""
