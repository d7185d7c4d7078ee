"""The web page for a production server with several workers, behind the clinic's HTTPS
reverse proxy:

    CAREPRINT_LIBRARY=/srv/clinic-library CAREPRINT_SERVE_TOKEN=… \\
        gunicorn --workers 3 --bind 127.0.0.1:8000 careprint.web.wsgi:app

The password is required here: the server may face the network, and every worker must sign
and accept the same form tokens (they derive their key from it).
"""

from __future__ import annotations

import os
from pathlib import Path

from careprint.web import create_app
from careprint.web.security import TOKEN_ENV, Guard

if not os.environ.get(TOKEN_ENV, "").strip():
    raise SystemExit(f"careprint: error: set {TOKEN_ENV} to a long password: the page is "
                     "served to the network, and all workers share it")
if not (Path(os.environ.get("CAREPRINT_LIBRARY", ".")) / "handouts").is_dir():
    raise SystemExit("careprint: error: set CAREPRINT_LIBRARY to the clinic's library folder "
                     "(the one holding handouts/)")

app = create_app(Path(os.environ.get("CAREPRINT_LIBRARY", ".")), Guard.from_env())
