from network.models.cases import Case, CaseInvolvement, CaseStatus, InvolvementRole
from network.models.links import RECONFIRM_AFTER, CooperationLink, LinkKind, LinkStatus
from network.models.reports import NetworkRecommendation
from network.models.snapshots import JointCasesBand, JointCasesSnapshot, NetworkSnapshot

__all__ = [
    "RECONFIRM_AFTER",
    "Case",
    "CaseInvolvement",
    "CaseStatus",
    "CooperationLink",
    "InvolvementRole",
    "JointCasesBand",
    "JointCasesSnapshot",
    "LinkKind",
    "LinkStatus",
    "NetworkRecommendation",
    "NetworkSnapshot",
]
