"""The national benchmark dataset: organisations, services, contacts, users, cases, meetings with follow-ups and needs,
and cooperation links over all 14 kraje, on top of the regional demo.

It is written with bulk inserts in batches and straight into the many-to-many tables, without history rows: at half
a million meetings the history would double the volume, and the benchmark measures reads. Names, places and texts come
from the same catalogue as the regional demo, so the directory still looks real.
"""
