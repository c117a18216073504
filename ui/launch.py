"""``atlas-app``: run the Streamlit app (``app.py`` of the checkout) from any directory.

Arguments go to ``streamlit run``, e.g. ``atlas-app --server.port 8502`` for a second
replica. The warehouse comes from ``ATLAS_DATABASE_URL`` as usual.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from warehouse.connection import ROOT, Warehouse
from warehouse.logs import setup_logging

APP = ROOT / "app.py"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    log = setup_logging()
    if not APP.exists():
        log.error(
            "%s is missing: atlas-app runs the app of a checkout; install it with "
            '`pip install -e ".[postgres]"` from the repository',
            APP,
        )
        return 2
    logging.getLogger("atlas.app").info(
        "serving %s on the warehouse %s", APP, Warehouse().display_url
    )
    from streamlit.web import cli as stcli

    return (
        stcli.main(args=["run", str(APP), *args], prog_name="streamlit", standalone_mode=False) or 0
    )


if __name__ == "__main__":
    sys.exit(main())
