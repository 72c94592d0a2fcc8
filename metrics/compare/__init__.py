"""Comparing organisations: values, funnels, ranks, published pay-gap figures."""
