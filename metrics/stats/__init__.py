"""Statistics for the indicators: intervals, relative likelihoods, funnel limits, ranks."""
