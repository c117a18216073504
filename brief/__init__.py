"""The weekly brief: what moved in the market since the previous brief, as one dated
Markdown + HTML document (``python -m ingest brief``; the Brief page in the app)."""
