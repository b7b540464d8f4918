"""How big the national dataset is, and the constants its steps share (see demo.national)."""

from permissions.models import Role

# The dataset of the design's quality bar, added on top of the regional demo.
TARGETS = {
    "organizations": 20_000,
    "services": 60_000,
    "contacts": 80_000,
    "meetings": 500_000,
    "links": 60_000,
    "users": 2_000,
    "cases": 2_000,
    "followups": 100_000,
    "needs": 10_000,
}
BATCH = 5_000
SEED = 20260202
# Users of the benchmark have e-mails here: it is how a second run sees that the dataset is there.
USER_DOMAIN = "bench.sitar.example"
ROLE_SHARES = [
    (Role.SITAR, 60),
    (Role.OSPOD, 23),
    (Role.VEDOUCI_OSPOD, 2),
    (Role.PORADCE, 8),
    (Role.VEDOUCI, 5),
    (Role.NARODNI, 2),
]
PRAHA = "1000"
