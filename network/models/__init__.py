from network.models.base import ScopedModel, SyncedModel, TimestampedModel
from network.models.cases import Case, CaseInvolvement, CaseStatus, InvolvementRole
from network.models.jobs import Job, JobState
from network.models.links import RECONFIRM_AFTER, CooperationLink, LinkKind, LinkStatus
from network.models.reports import NetworkRecommendation
from network.models.snapshots import JointCasesBand, JointCasesSnapshot, NetworkSnapshot
from network.models.territory import District, Municipality, Region

__all__ = [
    "RECONFIRM_AFTER",
    "Case",
    "CaseInvolvement",
    "CaseStatus",
    "CooperationLink",
    "District",
    "InvolvementRole",
    "Job",
    "JobState",
    "JointCasesBand",
    "JointCasesSnapshot",
    "LinkKind",
    "LinkStatus",
    "Municipality",
    "NetworkRecommendation",
    "NetworkSnapshot",
    "Region",
    "ScopedModel",
    "SyncedModel",
    "TimestampedModel",
]
