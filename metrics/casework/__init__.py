"""Casework equality monitoring: a union's (or an employee-relations team's) case log set against
the members (or the employer's staff) it comes from, per employer and case type.

labels: case types and outcomes read from their labels (metrics/reference/casework_labels.csv);
log: the case log read and pseudonymised; bases: the members each case count is set against;
figures: the relative likelihoods, outcome disparities and trends; funnel: one case type across
employers as a funnel plot, with years beyond its limits; publish: the same figures through
disclosure control; briefing: one employer's figures for sharing beside its WRES3 and WRES8 and
its place in the network (dashboard/pack/casework_briefing.py lays it out).
"""
