"""The signed-in user, resolved on the server for every event.

The browser keeps only an opaque session token (a cookie); every handler
re-resolves it against the server-side session row, so a replayed or closed
tab's token gets nothing after sign-out or expiry.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.state import _ROUTER_FIELD_NAMES

from partner_portal import db, i18n
from partner_portal.domain import errors, notify, security
from partner_portal.domain.permissions import Actor
from partner_portal.models import PartnerKind, Role, User

SESSION_COOKIE = "pp_session"


class SignedOut(errors.PermissionDenied):
    def __init__(self):
        super().__init__("Your session has ended. Please sign in again.")


def _home_for(role: str) -> str:
    if role == Role.CUSTOMER:
        return "/account/partners"
    if role == Role.MANAGER:
        return "/console"
    return "/partner-center"


def safe_next(target: str) -> str:
    """Only same-site paths are followed after sign-in (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and not target.startswith("/login"):
        return target
    return ""


async def in_thread(fn: Callable[[], Any]) -> Any:
    """Database work runs off the event loop, so one slow query does not stall every tab."""
    return await asyncio.to_thread(fn)


class AuthState(rx.State):
    token: str = rx.Cookie("", name=SESSION_COOKIE, same_site="strict", max_age=12 * 3600, path="/")
    lang: str = rx.LocalStorage("en", name="pp_lang", sync=True)
    # What the shell shows; nothing secret.
    user_name: str = ""
    role: str = ""
    perms: list[str] = []
    unread: int = 0
    show_intl: bool = False
    partner_notice: str = ""
    partner_comment: str = ""  # the platform's reason when it rejected the registration
    letter_notice: bool = False
    checked: bool = False

    # ---------------------------------------------------------- helpers (not events)
    def _t(self, key_or_text: str, **params) -> str:
        return i18n.tr(self.lang, key_or_text, **params)

    async def _call(self, fn: Callable[..., Any], **kw) -> Any:
        """Resolve the actor from the token on the server, then call ``fn(session=, actor=, **kw)``."""
        token = self.token

        def work():
            with db.session() as s:
                actor = security.resolve(s, token)
                if actor is None:
                    raise SignedOut()
                return fn(session=s, actor=actor, **kw)

        return await in_thread(work)

    async def _actor(self) -> Actor | None:
        token = self.token

        def work():
            with db.session() as s:
                return security.resolve(s, token)

        return await in_thread(work)

    def _apply_shell(self, shell: dict) -> None:
        for k, v in shell.items():
            setattr(self, k, v)
        self.checked = True

    # ---------------------------------------------------------- events
    @rx.event
    async def guard(self):
        """on_load of every signed-in page: refresh the shell, or send the visitor to sign in."""
        token = self.token

        def work():
            with db.session() as s:
                actor = security.resolve(s, token)
                return None if actor is None else shell_for(s, actor)

        shell = await in_thread(work)
        if shell is None:
            self._reset_shell()
            path = self.router.url.path or "/"
            query = self.router.url.query
            target = path + (f"?{query}" if query else "")
            return rx.redirect("/login" + (f"?next={target}" if safe_next(target) and path != "/" else ""))
        self._apply_shell(shell)
        # A full page load re-sends every loaded substate of this tab: drop the other pages' data
        # (the page's own on_load, which runs next, fills its state again). Keeps hydrate small (P5).
        for sub in self.substates.values():
            _drop_data(sub)
        if self.router.url.path in ("", "/"):
            return rx.redirect(_home_for(self.role))

    def _reset_shell(self):
        self.user_name, self.role, self.perms, self.unread = "", "", [], 0
        self.show_intl = self.letter_notice = False
        self.partner_notice = self.partner_comment = ""
        self.checked = False

    @rx.event
    async def sign_out(self):
        token = self.token

        def work():
            with db.session() as s:
                security.sign_out(s, token)

        await in_thread(work)
        self.token = ""
        self._reset_shell()
        return rx.redirect("/login")

    @rx.event
    async def set_language(self, lang: str):
        if lang not in i18n.LANGUAGES:
            return
        self.lang = lang
        token = self.token

        def work():
            with db.session() as s:
                actor = security.resolve(s, token)
                if actor:
                    user = s.get(User, actor.user_id)
                    user.language = lang
                    s.commit()

        await in_thread(work)

    @rx.event
    async def dismiss_intl(self):
        """Don't show again: remembered on the account (server side), survives sign-out."""
        def fn(session, actor):
            user = session.get(User, actor.user_id)
            user.hide_international_notice = True
            session.commit()

        try:
            await self._call(fn)
        except errors.DomainError as e:
            return rx.toast.error(e.message)
        self.show_intl = False


def _drop_data(state: rx.State) -> None:
    """Put a page state's vars back to their defaults, touching only those that differ (so the
    reset itself sends nothing for pages never opened)."""
    cls = type(state)
    for name, f in cls.__fields__.items():
        if f._owner is cls and name not in _ROUTER_FIELD_NAMES:
            default = f.default_value()
            if getattr(state, name) != default:
                setattr(state, name, default)
    for sub in state.substates.values():
        _drop_data(sub)


def shell_for(session, actor: Actor) -> dict:
    """What the header needs for this actor."""
    from partner_portal.domain import letters_shell

    user = session.get(User, actor.user_id)
    notice, comment = "", ""
    if actor.is_partner:
        from partner_portal.models import Partner, PartnerStatus, DistributorStatus
        partner = session.get(Partner, actor.partner_id)
        if partner.status == PartnerStatus.PENDING:
            notice = "home.pending_partner"
        elif partner.status == PartnerStatus.REJECTED:
            notice, comment = "home.rejected_partner", partner.review_comment or "—"
        elif partner.kind == PartnerKind.CLOUD_RESELLER and partner.distributor_id:
            dist = session.get(Partner, partner.distributor_id)
            if dist and dist.distributor_status == DistributorStatus.DELISTED:
                notice = "home.distributor_exited"
    return {
        "user_name": actor.name,
        "role": actor.role.value,
        "perms": sorted(p.value for p in actor.permissions),
        "unread": notify.unread_count(session, actor.user_id),
        "show_intl": bool(user.international and not user.hide_international_notice),
        "partner_notice": notice,
        "partner_comment": comment,
        "letter_notice": letters_shell.new_letter_for(session, actor),
        "lang": user.language,
    }
