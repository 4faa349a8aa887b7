"""The local web app: FastAPI routes and server-rendered Jinja2 pages over :class:`matchpilot.services.Services`.

Build it with :func:`create_app`; the services object is passed in, so nothing connects at import time.
"""

from matchpilot.web.app import create_app

__all__ = ["create_app"]
