"""Reading input files safely: finding the header, mapping columns, checking values, loading them into frames."""
