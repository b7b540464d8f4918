"""Partner surveys (issue 21, after PARTNER CPRM): the organisations of a network rate each other's trust and value
through personal links; reciprocity, scores, the network map's weights and the comparison of rounds."""
