from network.models.base import ScopedModel, SyncedModel, TimestampedModel
from network.models.cases import Case, CaseInvolvement, CaseStatus, InvolvementRole
from network.models.links import RECONFIRM_AFTER, CooperationLink, LinkKind, LinkStatus
from network.models.territory import District, Municipality, Region

__all__ = [
    "RECONFIRM_AFTER", "Case", "CaseInvolvement", "CaseStatus", "CooperationLink", "District", "InvolvementRole",
    "LinkKind", "LinkStatus", "Municipality", "Region", "ScopedModel", "SyncedModel", "TimestampedModel",
]
