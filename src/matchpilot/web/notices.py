"""What a form did, shown once on the next page: the short-lived, signed ``mp_notice`` cookie (multi-user mode).

No page shows text from its URL, so no link can make a page say anything.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import TypeVar

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from matchpilot.web.multi_user import MultiUser, multi_user_of

__all__ = ["NOTICE_COOKIE", "forget_notice", "redirect_with_notice", "take_notice"]

NOTICE_COOKIE = "mp_notice"
_NOTICE_SECONDS = 60


def _notice_signature(multi: MultiUser, value: str) -> str:
    key = hashlib.sha256(b"matchpilot notice\x00" + multi.secret_key.encode("utf-8")).digest()
    return hmac.new(key, value.encode("ascii"), hashlib.sha256).hexdigest()


def redirect_with_notice(request: Request, target: str, notice: str) -> RedirectResponse:
    """A 303 to ``target`` that carries ``notice`` (what the form did, in plain words) to the next page in a
    short-lived cookie signed with the secret key — never in the URL, so no link can make a page say anything."""
    multi = multi_user_of(request)
    assert multi is not None
    value = base64.urlsafe_b64encode(notice[:500].encode("utf-8")).decode("ascii")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        NOTICE_COOKIE,
        f"{value}.{_notice_signature(multi, value)}",
        max_age=_NOTICE_SECONDS,
        path="/",
        secure=multi.cookie_secure,
        httponly=True,
        samesite="lax",
    )
    return response


def take_notice(request: Request) -> str:
    """The notice the previous form left for this page ("" when none, or when the cookie is not one the app
    signed). The page that shows it calls :func:`forget_notice` on its response."""
    multi = multi_user_of(request)
    value, _, signature = request.cookies.get(NOTICE_COOKIE, "").partition(".")
    if multi is None or not value or not hmac.compare_digest(signature, _notice_signature(multi, value)):
        return ""
    try:
        return base64.urlsafe_b64decode(value.encode("ascii")).decode("utf-8")
    except ValueError:
        return ""


_Answer = TypeVar("_Answer", bound=Response)


def forget_notice(request: Request, response: _Answer) -> _Answer:
    """Drop the notice cookie once its page is shown (a reload does not show it again)."""
    multi = multi_user_of(request)
    if multi is not None and NOTICE_COOKIE in request.cookies:
        response.delete_cookie(NOTICE_COOKIE, path="/", secure=multi.cookie_secure, httponly=True, samesite="lax")
    return response
