"""HTTP routes beside the Reflex app (mounted with ``rx.App(api_transformer=api)``).

``GET /files/<token>`` serves a private file through a short-lived signed link
(``domain.files.signed_link``). The link is bound to its viewer: the request
must also carry that viewer's session cookie, and the viewer's right to the
file is checked again at download time.
"""
from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from partner_portal import db
from partner_portal.domain import errors, files, security
from partner_portal.state.auth import SESSION_COOKIE

_HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def download(request: Request) -> Response:
    """Runs in Starlette's thread pool (a plain function), so disk and database work stay off the event loop."""
    token = request.path_params.get("token", "")
    with db.session() as s:
        actor = security.resolve(s, request.cookies.get(SESSION_COOKIE, ""))
        if actor is None:
            return PlainTextResponse("Please sign in to download this file.", status_code=403, headers=_HEADERS)
        try:
            row, path = files.open_for(s, token=token, session_viewer_id=actor.user_id)
        except errors.PermissionDenied as e:
            return PlainTextResponse(e.message, status_code=403, headers=_HEADERS)
        except errors.DomainError as e:
            return PlainTextResponse(e.message, status_code=404, headers=_HEADERS)
        filename, media_type = row.filename, row.content_type
    return FileResponse(path, media_type=media_type, filename=filename, headers=_HEADERS)


api = Starlette(routes=[Route(files.LINK_PREFIX + "{token:str}", download, methods=["GET"])])
