"""Duplicate organisations (issue 21): candidate pairs found and scored, "not a duplicate" remembered, and the merge
of two records of one organisation into one, with nothing lost."""
