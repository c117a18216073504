"""Canonical names shared by ingest, warehouse queries and analytics.

One home for identity (providers, GPUs, models), owned by neither ``ingest`` nor
``warehouse``, so the query side never imports the ingest package.
"""
