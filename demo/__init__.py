"""The demo data of `manage.py seed_demo`: a regional demo written through the services, and a national benchmark
dataset written in bulk."""
