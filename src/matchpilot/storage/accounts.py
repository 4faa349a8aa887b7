"""Repositories of a multi-user server: accounts, sign-in sessions, invitations, adviser grants, API tokens,
failed sign-ins and comments.

Secrets are never stored: sessions, invitations and API tokens are kept as the SHA-256 of the random token the
user holds (the caller hashes; see ``services.accounts``), passwords as Argon2 hashes. Each store works inside a
session owned by the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, select, update
from sqlalchemy.orm import Session

from matchpilot.domain.comments import Comment
from matchpilot.storage.database import note_owner
from matchpilot.storage.tables import (
    accounts,
    adviser_grants,
    api_tokens,
    comments,
    invitations,
    login_failures,
    login_sessions,
    owners,
)

__all__ = [
    "AccountStore",
    "ApiTokenStore",
    "CommentStore",
    "GrantStore",
    "InvitationStore",
    "LoginFailureStore",
    "SessionStore",
    "StoredAccount",
    "StoredApiToken",
    "StoredInvitation",
    "StoredSession",
]


@dataclass(frozen=True, slots=True)
class StoredAccount:
    """An account row: id, username, password hash, role and the applicant's workspace (owner id)."""

    id: int
    username: str
    password_hash: str
    role: str
    workspace_id: int | None
    disabled_at: datetime | None = None

    @property
    def disabled(self) -> bool:
        """True when an administrator disabled the account."""
        return self.disabled_at is not None


@dataclass(frozen=True, slots=True)
class StoredSession:
    """A sign-in session: its id, account, the workspace an adviser chose to view, and its end."""

    id: int
    account_id: int
    viewing_id: int | None
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class StoredInvitation:
    """An open invitation: its id, the applicant's workspace, who invited, and its end."""

    id: int
    workspace_id: int
    invited_by: int
    expires_at: datetime
    accepted_by: int | None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StoredApiToken:
    """An API token (without its secret): id, account, workspace, name, creation, last use and end (None:
    never)."""

    id: int
    account_id: int
    workspace_id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None


_ACCOUNT_COLUMNS = (
    accounts.c.id,
    accounts.c.username,
    accounts.c.password_hash,
    accounts.c.role,
    accounts.c.workspace_id,
    accounts.c.disabled_at,
)


def _stored_account(row: Any) -> StoredAccount:
    return StoredAccount(int(row.id), row.username, row.password_hash, row.role, row.workspace_id, row.disabled_at)


class AccountStore:
    """Accounts and the owners (workspaces) they are tied to."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session``."""
        self.session = session

    def create(self, username: str, password_hash: str, role: str, workspace_id: int | None) -> int:
        """Insert an account and return its id (the caller checks that the username is free)."""
        statement = (
            insert(accounts)
            .values(username=username, password_hash=password_hash, role=role, workspace_id=workspace_id)
            .returning(accounts.c.id)
        )
        return int(self.session.execute(statement).scalar_one())

    def delete(self, account_id: int) -> None:
        """Delete the account (its sessions, API tokens, grants and the invitations it made go with it)."""
        self.session.execute(delete(accounts).where(accounts.c.id == account_id))

    def _one(self, condition: ColumnElement[bool]) -> StoredAccount | None:
        row = self.session.execute(select(*_ACCOUNT_COLUMNS).where(condition)).first()
        return None if row is None else _stored_account(row)

    def by_username(self, username: str) -> StoredAccount | None:
        """The account called ``username`` (exact match), or None."""
        return self._one(accounts.c.username == username)

    def by_id(self, account_id: int) -> StoredAccount | None:
        """The account with ``account_id``, or None."""
        return self._one(accounts.c.id == account_id)

    def all(self) -> list[StoredAccount]:
        """Every account, by username."""
        rows = self.session.execute(select(*_ACCOUNT_COLUMNS).order_by(accounts.c.username)).all()
        return [_stored_account(row) for row in rows]

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        """Replace the password hash of an account (a new password, or a rehash with stronger parameters)."""
        self.session.execute(update(accounts).where(accounts.c.id == account_id).values(password_hash=password_hash))

    def set_disabled(self, account_id: int, when: datetime | None) -> None:
        """Disable the account from ``when`` (None: enable it again)."""
        self.session.execute(update(accounts).where(accounts.c.id == account_id).values(disabled_at=when))

    def owner_name(self, owner_id: int) -> str | None:
        """The name of the owner with ``owner_id``, or None."""
        found = self.session.execute(select(owners.c.name).where(owners.c.id == owner_id)).scalar_one_or_none()
        return None if found is None else str(found)

    def workspace_username(self, workspace_id: int) -> str | None:
        """The username of the applicant whose workspace is ``workspace_id``, or None."""
        found = self.session.execute(
            select(accounts.c.username).where(accounts.c.workspace_id == workspace_id)
        ).scalar_one_or_none()
        return None if found is None else str(found)


class SessionStore:
    """Sign-in sessions, found by the hash of their cookie."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session``."""
        self.session = session

    def create(self, token_hash: str, account_id: int, *, now: datetime, expires_at: datetime) -> None:
        """Start a session for ``account_id``."""
        self.session.execute(
            insert(login_sessions).values(
                token_hash=token_hash, account_id=account_id, created_at=now, expires_at=expires_at
            )
        )

    def get(self, token_hash: str, now: datetime) -> StoredSession | None:
        """The session whose cookie hashes to ``token_hash`` when it has not ended, else None."""
        row = self.session.execute(
            select(login_sessions.c.id, login_sessions.c.account_id, login_sessions.c.viewing_id)
            .add_columns(login_sessions.c.expires_at)
            .where(login_sessions.c.token_hash == token_hash, login_sessions.c.expires_at > now)
        ).first()
        if row is None:
            return None
        return StoredSession(int(row.id), int(row.account_id), row.viewing_id, row.expires_at)

    def set_viewing(self, session_id: int, workspace_id: int | None) -> None:
        """Remember which applicant's workspace an adviser views in this session."""
        self.session.execute(
            update(login_sessions).where(login_sessions.c.id == session_id).values(viewing_id=workspace_id)
        )

    def delete(self, token_hash: str) -> None:
        """End the session (sign out)."""
        self.session.execute(delete(login_sessions).where(login_sessions.c.token_hash == token_hash))

    def delete_for_account(self, account_id: int) -> None:
        """End every session of an account (after a password change)."""
        self.session.execute(delete(login_sessions).where(login_sessions.c.account_id == account_id))

    def delete_expired(self, now: datetime) -> int:
        """Remove ended sessions; returns how many."""
        result = self.session.execute(delete(login_sessions).where(login_sessions.c.expires_at <= now))
        return int(getattr(result, "rowcount", 0) or 0)


class InvitationStore:
    """Invitations of advisers by applicants."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session``."""
        self.session = session

    def create(
        self, token_hash: str, workspace_id: int, invited_by: int, *, now: datetime, expires_at: datetime
    ) -> None:
        """Store a new invitation."""
        self.session.execute(
            insert(invitations).values(
                token_hash=token_hash,
                workspace_id=workspace_id,
                invited_by=invited_by,
                created_at=now,
                expires_at=expires_at,
            )
        )

    def get_open(self, token_hash: str, now: datetime) -> StoredInvitation | None:
        """The invitation for ``token_hash`` when it has neither ended nor been accepted, else None."""
        row = self.session.execute(
            select(
                invitations.c.id,
                invitations.c.workspace_id,
                invitations.c.invited_by,
                invitations.c.expires_at,
                invitations.c.accepted_by,
            ).where(
                invitations.c.token_hash == token_hash,
                invitations.c.expires_at > now,
                invitations.c.accepted_at.is_(None),
            )
        ).first()
        if row is None:
            return None
        return StoredInvitation(int(row.id), int(row.workspace_id), int(row.invited_by), row.expires_at, None)

    def accept(self, invitation_id: int, account_id: int, now: datetime) -> bool:
        """Mark the invitation used by ``account_id`` (it cannot be used again); False when it was already used,
        cancelled or has ended, also by another request at the same moment (the UPDATE itself requires it open,
        so of two at once exactly one changes the row)."""
        result = self.session.execute(
            update(invitations)
            .where(
                invitations.c.id == invitation_id,
                invitations.c.accepted_at.is_(None),
                invitations.c.expires_at > now,
            )
            .values(accepted_by=account_id, accepted_at=now)
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1

    def open_of(self, workspace_id: int, now: datetime) -> list[StoredInvitation]:
        """The invitations of a workspace that are neither used nor ended, newest first."""
        rows = self.session.execute(
            select(
                invitations.c.id,
                invitations.c.workspace_id,
                invitations.c.invited_by,
                invitations.c.expires_at,
                invitations.c.created_at,
            )
            .where(
                invitations.c.workspace_id == workspace_id,
                invitations.c.expires_at > now,
                invitations.c.accepted_at.is_(None),
            )
            .order_by(invitations.c.created_at.desc(), invitations.c.id.desc())
        ).all()
        return [
            StoredInvitation(int(r.id), int(r.workspace_id), int(r.invited_by), r.expires_at, None, r.created_at)
            for r in rows
        ]

    def cancel(self, workspace_id: int, invitation_id: int) -> bool:
        """Delete an unused invitation of ``workspace_id``; True when there was one."""
        result = self.session.execute(
            delete(invitations).where(
                invitations.c.id == invitation_id,
                invitations.c.workspace_id == workspace_id,
                invitations.c.accepted_at.is_(None),
            )
        )
        return bool(getattr(result, "rowcount", 0))


class GrantStore:
    """Which adviser may read which workspace."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session``."""
        self.session = session

    def add(self, adviser_id: int, workspace_id: int) -> None:
        """Let ``adviser_id`` read ``workspace_id`` (nothing happens when already allowed)."""
        if not self.has(adviser_id, workspace_id):
            self.session.execute(insert(adviser_grants).values(adviser_id=adviser_id, workspace_id=workspace_id))

    def has(self, adviser_id: int, workspace_id: int) -> bool:
        """True when ``adviser_id`` may read ``workspace_id``."""
        found = self.session.execute(
            select(func.count())
            .select_from(adviser_grants)
            .where(adviser_grants.c.adviser_id == adviser_id, adviser_grants.c.workspace_id == workspace_id)
        ).scalar_one()
        return int(found) > 0

    def remove(self, adviser_id: int, workspace_id: int) -> bool:
        """Take the access away; True when there was one."""
        result = self.session.execute(
            delete(adviser_grants).where(
                adviser_grants.c.adviser_id == adviser_id, adviser_grants.c.workspace_id == workspace_id
            )
        )
        return bool(getattr(result, "rowcount", 0))

    def applicants_of(self, adviser_id: int) -> list[tuple[int, str]]:
        """The workspaces an adviser may read, as ``(workspace_id, applicant username)``, by username."""
        rows = self.session.execute(
            select(adviser_grants.c.workspace_id, accounts.c.username)
            .join(accounts, accounts.c.workspace_id == adviser_grants.c.workspace_id)
            .where(adviser_grants.c.adviser_id == adviser_id)
            .order_by(accounts.c.username)
        ).all()
        return [(int(r.workspace_id), str(r.username)) for r in rows]

    def advisers_of(self, workspace_id: int) -> list[tuple[int, str]]:
        """The advisers who may read a workspace, as ``(account id, username)``, by username."""
        rows = self.session.execute(
            select(accounts.c.id, accounts.c.username)
            .join(adviser_grants, adviser_grants.c.adviser_id == accounts.c.id)
            .where(adviser_grants.c.workspace_id == workspace_id)
            .order_by(accounts.c.username)
        ).all()
        return [(int(r.id), str(r.username)) for r in rows]


class ApiTokenStore:
    """API tokens, found by the hash of the token."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session``."""
        self.session = session

    def create(
        self,
        account_id: int,
        workspace_id: int,
        name: str,
        token_hash: str,
        *,
        now: datetime,
        expires_at: datetime | None = None,
    ) -> int:
        """Store a new token (working until ``expires_at``; None: until revoked) and return its id."""
        statement = (
            insert(api_tokens)
            .values(
                account_id=account_id,
                workspace_id=workspace_id,
                name=name,
                token_hash=token_hash,
                created_at=now,
                expires_at=expires_at,
            )
            .returning(api_tokens.c.id)
        )
        return int(self.session.execute(statement).scalar_one())

    _COLUMNS = (
        api_tokens.c.id,
        api_tokens.c.account_id,
        api_tokens.c.workspace_id,
        api_tokens.c.name,
        api_tokens.c.created_at,
        api_tokens.c.last_used_at,
        api_tokens.c.expires_at,
    )

    def by_hash(self, token_hash: str) -> StoredApiToken | None:
        """The token whose secret hashes to ``token_hash``, or None."""
        row = self.session.execute(select(*self._COLUMNS).where(api_tokens.c.token_hash == token_hash)).first()
        return None if row is None else StoredApiToken(*row)

    def of_account(self, account_id: int) -> list[StoredApiToken]:
        """The tokens of an account, newest first."""
        rows = self.session.execute(
            select(*self._COLUMNS)
            .where(api_tokens.c.account_id == account_id)
            .order_by(api_tokens.c.created_at.desc(), api_tokens.c.id.desc())
        ).all()
        return [StoredApiToken(*row) for row in rows]

    def touch(self, token_id: int, now: datetime) -> None:
        """Record that the token was used."""
        self.session.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=now))

    def delete(self, account_id: int, token_id: int) -> bool:
        """Revoke a token of ``account_id``; True when there was one."""
        result = self.session.execute(
            delete(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.account_id == account_id)
        )
        return bool(getattr(result, "rowcount", 0))

    def delete_for_account(self, account_id: int) -> int:
        """Revoke every token of an account (a password reset, a disabled account); returns how many."""
        result = self.session.execute(delete(api_tokens).where(api_tokens.c.account_id == account_id))
        return int(getattr(result, "rowcount", 0) or 0)


class LoginFailureStore:
    """Failed sign-ins, counted per key in a sliding window."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session``."""
        self.session = session

    def record(self, keys: tuple[str, ...], now: datetime) -> list[int]:
        """Record one failure under each key; returns the ids of the rows (to forget them if the sign-in
        succeeds)."""
        statement = insert(login_failures).returning(login_failures.c.id)
        return [int(self.session.execute(statement.values(key=key, failed_at=now)).scalar_one()) for key in keys]

    def forget(self, ids: list[int]) -> None:
        """Delete the failures with these ids."""
        if ids:
            self.session.execute(delete(login_failures).where(login_failures.c.id.in_(ids)))

    def count_since(self, key: str, since: datetime) -> int:
        """How many failures ``key`` had after ``since``."""
        found = self.session.execute(
            select(func.count())
            .select_from(login_failures)
            .where(login_failures.c.key == key, login_failures.c.failed_at > since)
        ).scalar_one()
        return int(found)

    def clear(self, key: str) -> None:
        """Forget the failures of ``key`` (after a successful sign-in)."""
        self.session.execute(delete(login_failures).where(login_failures.c.key == key))

    def prune(self, before: datetime) -> None:
        """Forget failures older than ``before``."""
        self.session.execute(delete(login_failures).where(login_failures.c.failed_at <= before))


class CommentStore:
    """Comments on one owner's workspace."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    def add(self, author: str, subject: str, text: str, *, now: datetime) -> int:
        """Store a comment and return its id."""
        statement = (
            insert(comments)
            .values(owner_id=self.owner_id, author=author, subject=subject, text=text, created_at=now)
            .returning(comments.c.id)
        )
        return int(self.session.execute(statement).scalar_one())

    def list(self, subject: str | None = None) -> list[Comment]:
        """The comments, oldest first (only those about ``subject`` when given)."""
        statement = select(
            comments.c.id, comments.c.author, comments.c.subject, comments.c.text, comments.c.created_at
        ).where(comments.c.owner_id == self.owner_id)
        if subject is not None:
            statement = statement.where(comments.c.subject == subject)
        rows = self.session.execute(statement.order_by(comments.c.created_at, comments.c.id)).all()
        return [Comment(int(r.id), r.author, r.subject, r.text, r.created_at) for r in rows]
