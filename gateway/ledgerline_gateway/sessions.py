"""Server-side web sessions for Flask, kept in the gateway's database.

The cookie carries only a random id (HttpOnly, SameSite=Lax, Secure when
configured); the database keeps its sha-256 and the session's data. So signing
out, deactivating a user or changing their password ends their sessions at
once, on every gateway replica. A session expires after
``LEDGERLINE_SESSION_IDLE_MINUTES`` without use, and in any case
``LEDGERLINE_SESSION_MAX_HOURS`` after it was created.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from uuid import UUID

from flask import Flask, Request, Response
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.datastructures import CallbackDict

from ledgerline_gateway import storage
from ledgerline_servicekit.clock import now

COOKIE_NAME = "ledgerline_session"
# Anonymous sessions hold only a CSRF token for the sign-in form.
ANONYMOUS_LIFETIME = timedelta(hours=1)
# Extend a session's expiry at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)

_serializer = TaggedJSONSerializer()


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class WebSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, id_hash: str | None = None, created_at: datetime | None = None,
                 last_seen_at: datetime | None = None):
        def on_update(_self):
            _self.modified = True

        super().__init__(initial, on_update)
        self.id_hash = id_hash
        self.new = id_hash is None
        self.created_at = created_at or now()
        self.last_seen_at = last_seen_at
        self.modified = False
        self.renew = False

    def regenerate(self) -> None:
        """A new id for this session (at sign-in), so an id planted before it is worthless."""
        self.renew = True
        self.modified = True

    @property
    def user_id(self) -> UUID | None:
        raw = self.get("user_id")
        return UUID(raw) if raw else None


class DatabaseSessionInterface(SessionInterface):
    def __init__(self, sessions: sessionmaker[Session], *, secure: bool, idle: timedelta, max_age: timedelta):
        self._sessions = sessions
        self._secure = secure
        self._idle = idle
        self._max_age = max_age

    def get_cookie_name(self, app: Flask) -> str:
        return COOKIE_NAME

    def open_session(self, app: Flask, request: Request) -> WebSession:
        session_id = request.cookies.get(COOKIE_NAME)
        if not session_id or (app.static_url_path and request.path.startswith(app.static_url_path + "/")):
            return WebSession()
        with self._sessions() as db:
            row = storage.web_sessions.load_web_session(db, _hash(session_id))
        if row is None:  # unknown, or expired (idle too long, or past its maximum age)
            return WebSession()
        return WebSession(_serializer.loads(row.data), row.id_hash, row.created_at, row.last_seen_at)

    def _expiry(self, session: WebSession) -> datetime:
        if not session.user_id:
            return now() + ANONYMOUS_LIFETIME
        return min(now() + self._idle, session.created_at + self._max_age)

    def save_session(self, app: Flask, session: WebSession, response: Response) -> None:
        name, path = self.get_cookie_name(app), self.get_cookie_path(app)
        if not session:
            if session.id_hash is not None:
                with self._sessions.begin() as db:
                    storage.web_sessions.delete_web_session(db, session.id_hash)
            if not session.new or session.renew:
                response.delete_cookie(name, path=path, secure=self._secure, httponly=True, samesite="Lax")
            return
        if not (session.modified or session.new):
            if session.last_seen_at and now() - session.last_seen_at > TOUCH_EVERY:
                with self._sessions.begin() as db:
                    storage.web_sessions.touch_web_session(db, session.id_hash, self._expiry(session))
            return
        session_id = None
        with self._sessions.begin() as db:
            if session.new or session.renew:
                if session.id_hash is not None:
                    storage.web_sessions.delete_web_session(db, session.id_hash)
                session_id = secrets.token_urlsafe(32)
                session.id_hash = _hash(session_id)
                session.created_at = now()
            storage.web_sessions.save_web_session(db, session.id_hash, user_id=session.user_id,
                                     data=_serializer.dumps(dict(session)), expires_at=self._expiry(session))
        if session_id is not None:
            # A browser-session cookie: the server decides when the session ends.
            response.set_cookie(name, session_id, path=path, secure=self._secure, httponly=True, samesite="Lax")
