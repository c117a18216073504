"""``python -m charts render ...``: see charts/render_cli.py."""

from charts.render_cli import main

if __name__ == "__main__":
    raise SystemExit(main())
