"""The canonical counts table, and the characteristics and units that raw values are classified into on the way."""
