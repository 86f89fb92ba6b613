"""Whole-corpus analytics: citations, linkage, impact, diff, consistency, credit-provision finder."""
