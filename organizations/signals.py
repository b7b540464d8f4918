"""Signals of organisations for the apps above them, which organizations cannot import."""

from django.dispatch import Signal

# Sent with ``organization`` and ``actor`` when an organisation has moved to another district (organization_update),
# inside the same transaction: what is scoped with it (contact persons, cooperation links, cases) follows it there.
organization_moved = Signal()
