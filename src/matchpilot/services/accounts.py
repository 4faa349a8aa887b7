"""Accounts of a multi-user server: sign-in, sessions, invitations of advisers, API tokens and comments.

Roles:

- an **applicant** owns a workspace (one owner of records) and reads and changes it;
- an **adviser** reads the workspaces of the applicants who invited them, one at a time (the one chosen in the
  session, or the only one), and comments on them; an adviser never changes an applicant's records;
- an **administrator** creates accounts and holds no applicant data.

Secrets are random tokens given to the user once; the database keeps their SHA-256 only. Passwords are hashed with
Argon2id (``argon2-cffi``, its recommended parameters) and rehashed on sign-in when the parameters change.

Failed sign-ins are rate-limited in the database (so the limit holds across processes and restarts): at most
``account_limit`` failures per account and ``address_limit`` per client address within ``window``; beyond that the
sign-in is refused, without checking the password, until the window has passed. The attempt is counted and
recorded in one transaction holding a lock on the account's and the address's keys, *before* the password is
checked (and forgotten again when the password was right), so requests at the same moment cannot all slip under
the limit.

A password reset (``set_password``) or disabling an account ends its sessions and deletes its API tokens; a
disabled account cannot sign in. API tokens may carry an end (``expires_at``). New passwords must pass
:func:`password_problem`: 12 to 1,024 characters, not only spaces, not the username, and not one that
``zxcvbn`` (the password-strength estimator with its lists of common passwords, names and words) finds guessable.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from matchpilot.domain.comments import Comment
from matchpilot.errors import (
    AuthenticationError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
)
from matchpilot.services.workspace import Services
from matchpilot.storage import Database, OwnerStore, erase_owner_records, owner_record_count, practice_owner_name
from matchpilot.storage.accounts import (
    AccountStore,
    ApiTokenStore,
    CommentStore,
    GrantStore,
    InvitationStore,
    LoginFailureStore,
    SessionStore,
    StoredAccount,
)
from matchpilot.storage.database import lock_keys

__all__ = [
    "Account",
    "AccountRemoval",
    "AccountServices",
    "ApiTokenInfo",
    "Comment",
    "InvitationInfo",
    "Role",
    "SignIn",
    "Viewer",
    "hash_token",
    "password_problem",
]

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,99}$")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
MIN_PASSWORD_SCORE = 2
"""The lowest zxcvbn score (0-4) a new password may have: 2 means about 10^8 guesses or more."""
MAX_TOKEN_DAYS = 3650
API_TOKEN_PREFIX = "mp_"


class Role(StrEnum):
    """What an account may do (see the module docstring)."""

    APPLICANT = "applicant"
    ADVISER = "adviser"
    ADMINISTRATOR = "administrator"


@dataclass(frozen=True, slots=True)
class Account:
    """An account: id, username, role, and for an applicant the owner id of their workspace."""

    id: int
    username: str
    role: Role
    workspace_id: int | None
    disabled: bool = False


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking and whose workspace they work on.

    ``workspace_id`` is the owner of the records this request may see (None: none, e.g. an administrator or an
    adviser who has not chosen an applicant); ``applicant`` is that applicant's username; ``session_id`` is the
    sign-in session (None for an API token).
    """

    account: Account
    workspace_id: int | None
    applicant: str | None
    session_id: int | None = None

    @property
    def can_change(self) -> bool:
        """True when the viewer may change the workspace's records (its own applicant only)."""
        return (
            self.account.role is Role.APPLICANT
            and self.workspace_id is not None
            and self.workspace_id == self.account.workspace_id
        )


@dataclass(frozen=True, slots=True)
class SignIn:
    """A successful sign-in: the account, the session token for the cookie (shown once) and when it ends."""

    account: Account
    token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ApiTokenInfo:
    """An API token as its owner sees it (never the secret): id, name, creation, last use and end (None:
    never)."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class InvitationInfo:
    """An applicant's open invitation (never its secret): id, when it was made and when it ends."""

    id: int
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class AccountRemoval:
    """What deleting an account removes (or removed): its username and role, whether it had a workspace (an
    applicant), how many records its workspace and practice workspace held, and how many API tokens it had."""

    username: str
    role: Role
    had_workspace: bool
    records: int
    tokens: int


def _check_removable(session: Session, stored: StoredAccount, by: Viewer | None) -> None:
    if by is not None and by.account.id == stored.id:
        raise InputError("you cannot delete your own account; ask another administrator")
    _check_not_last_administrator(session, stored)


def _check_not_last_administrator(session: Session, stored: StoredAccount) -> None:
    """InputError when ``stored`` is the only active administrator (deleting or disabling it would lock everyone
    out of the server's administration)."""
    if stored.role == Role.ADMINISTRATOR.value:
        others = [
            other
            for other in AccountStore(session).all()
            if other.role == Role.ADMINISTRATOR.value and other.id != stored.id and not other.disabled
        ]
        if not others:
            raise InputError(
                f"{stored.username} is the last active administrator; create or enable another administrator first"
            )


def _owners_of(session: Session, stored: StoredAccount) -> list[int]:
    """The owners an account's deletion removes: an applicant's workspace and their practice workspace."""
    if stored.workspace_id is None:
        return []
    practice = OwnerStore(session).find(practice_owner_name(stored.workspace_id))
    return [stored.workspace_id] + ([practice] if practice is not None else [])


def hash_token(token: str) -> str:
    """The SHA-256 (hex) under which a random token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _account(stored: StoredAccount) -> Account:
    return Account(stored.id, stored.username, Role(stored.role), stored.workspace_id, stored.disabled)


def _aware(moment: datetime) -> datetime:
    """A stored time as UTC (SQLite gives back times without their zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _owner_name(username: str) -> str:
    return f"applicant:{username}"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AccountServices:
    """The account use cases over one database.

    ``now`` is the clock (sessions, invitations, rate limits), ``today`` the day given to the workspace services
    built by :meth:`services_for`; ``hasher`` an Argon2 password hasher (tests pass cheaper parameters).
    """

    def __init__(
        self,
        database: Database,
        *,
        now: Callable[[], datetime] = _utc_now,
        today: Callable[[], date] = date.today,
        hasher: PasswordHasher | None = None,
        session_lifetime: timedelta = timedelta(hours=12),
        invitation_lifetime: timedelta = timedelta(days=7),
        account_limit: int = 5,
        address_limit: int = 20,
        window: timedelta = timedelta(minutes=15),
    ) -> None:
        """Work on ``database`` (already migrated)."""
        self.database = database
        self.now = now
        self.today = today
        self.hasher = hasher or PasswordHasher()
        self.session_lifetime = session_lifetime
        self.invitation_lifetime = invitation_lifetime
        self.account_limit = account_limit
        self.address_limit = address_limit
        self.window = window
        self._dummy: str | None = None

    def prepare_sign_in(self) -> None:
        """Make, now, the hash a sign-in with an unknown username is checked against (see :meth:`_dummy_hash`).
        The web app calls it when the server starts it, so that no request pays for it; a command that signs no
        one in (``admin list-users``, ``admin create-user``, ...) never does: with Argon2's standard costs it is
        0.2 s of CPU and 64 MiB of memory."""
        self._dummy_hash()

    def _dummy_hash(self) -> str:
        """The hash of a random password that no account has: an unknown username's sign-in verifies against it,
        so that it takes as long as a known one's and the answer's time does not tell which usernames exist."""
        if self._dummy is None:
            self._dummy = self.hasher.hash(secrets.token_hex(16))
        return self._dummy

    # --- accounts ------------------------------------------------------------------------------------------

    def create_account(self, username: str, password: str, role: Role | str) -> Account:
        """Create an account (an applicant gets a workspace of their own); InputError for a taken or malformed
        username or a password shorter than 12 characters."""
        name = _check_username(username)
        _check_password(password, name)
        chosen = _role(role)
        password_hash = self.hasher.hash(password)
        with self.database.transaction() as session:
            return self._create(session, name, password_hash, chosen)

    def _create(self, session: Session, name: str, password_hash: str, chosen: Role) -> Account:
        lock_keys(session, (f"username:{name}",))  # two creations of one name at once: the second is told it is taken
        store = AccountStore(session)
        if store.by_username(name) is not None:
            raise InputError(f"the username {name!r} is taken")
        workspace = OwnerStore(session).ensure(_owner_name(name)) if chosen is Role.APPLICANT else None
        account_id = store.create(name, password_hash, chosen.value, workspace)
        return Account(account_id, name, chosen, workspace)

    def accounts(self) -> list[Account]:
        """Every account, by username (for administrators)."""
        with self.database.transaction() as session:
            return [_account(stored) for stored in AccountStore(session).all()]

    def account_count(self) -> int:
        """How many accounts exist."""
        return len(self.accounts())

    def set_password(self, username: str, password: str) -> int:
        """Give an account a new password, end its sessions and revoke its API tokens (administrators;
        NotFoundError when unknown). Returns how many tokens were revoked."""
        _check_password(password, username.strip().lower())
        password_hash = self.hasher.hash(password)
        with self.database.transaction() as session:
            stored = self._named(session, username)
            AccountStore(session).set_password_hash(stored.id, password_hash)
            SessionStore(session).delete_for_account(stored.id)
            return ApiTokenStore(session).delete_for_account(stored.id)

    def set_disabled(self, username: str, disabled: bool, *, by: Viewer | None = None) -> int:
        """Disable an account (its sessions end, its API tokens are revoked, it cannot sign in) or enable it
        again (it signs in with its password; new tokens are needed). ``by``: the administrator doing it in the
        web app, who cannot disable their own account. NotFoundError when unknown; returns how many tokens
        were revoked."""
        with self.database.transaction() as session:
            stored = self._named(session, username)
            if disabled and by is not None and by.account.id == stored.id:
                raise InputError("you cannot disable your own account; ask another administrator")
            if not disabled:
                AccountStore(session).set_disabled(stored.id, None)
                return 0
            _check_not_last_administrator(session, stored)
            AccountStore(session).set_disabled(stored.id, self.now())
            SessionStore(session).delete_for_account(stored.id)
            return ApiTokenStore(session).delete_for_account(stored.id)

    def delete_account(self, username: str, *, by: Viewer | None = None) -> int:
        """Delete an account for good (administrators; NotFoundError when unknown), in one transaction: its
        sessions, API tokens, adviser grants and invitations, and for an applicant their workspace with every
        record in it, its comments, and their Practice Match Week workspace (owner ``practice:<id>``) too.
        ``by``: the administrator doing it, who cannot delete their own account; the last active administrator
        cannot be deleted either (InputError). Returns how many workspace records (practice ones included) were
        removed."""
        return self.remove_account(username, by=by).records

    def remove_account(self, username: str, *, by: Viewer | None = None) -> AccountRemoval:
        """:meth:`delete_account`, saying what was removed (the web administrator's page shows it)."""
        with self.database.transaction() as session:
            stored = self._named(session, username)
            _check_removable(session, stored, by)
            owners_store = OwnerStore(session)
            doomed = _owners_of(session, stored)
            removed = sum(erase_owner_records(session, owner_id) for owner_id in doomed)
            SessionStore(session).delete_for_account(stored.id)
            tokens = ApiTokenStore(session).delete_for_account(stored.id)
            AccountStore(session).delete(stored.id)
            for owner_id in doomed:
                owners_store.remove(owner_id)
            return AccountRemoval(stored.username, Role(stored.role), stored.workspace_id is not None, removed, tokens)

    def removal_preview(self, username: str, *, by: Viewer | None = None) -> AccountRemoval:
        """What :meth:`remove_account` would remove now, changing nothing (the confirmation step); NotFoundError
        when unknown, InputError when ``by`` may not delete it (their own account, the last administrator)."""
        with self.database.transaction() as session:
            stored = self._named(session, username)
            _check_removable(session, stored, by)
            records = sum(owner_record_count(session, owner_id) for owner_id in _owners_of(session, stored))
            tokens = len(ApiTokenStore(session).of_account(stored.id))
            return AccountRemoval(stored.username, Role(stored.role), stored.workspace_id is not None, records, tokens)

    def revoke_all_tokens(self, username: str) -> int:
        """Revoke every API token of an account (administrators; NotFoundError when unknown); returns how many."""
        with self.database.transaction() as session:
            return ApiTokenStore(session).delete_for_account(self._named(session, username).id)

    def viewer_of(self, username: str) -> Viewer:
        """The account called ``username`` as a viewer of its own workspace (for the administrator's commands
        that act for an account); NotFoundError when unknown."""
        with self.database.transaction() as session:
            account = _account(self._named(session, username))
        return Viewer(account, account.workspace_id, account.username if account.workspace_id else None)

    def _named(self, session: Session, username: str) -> StoredAccount:
        stored = AccountStore(session).by_username(username.strip().lower())
        if stored is None:
            raise NotFoundError(f"no account called {username!r}")
        return stored

    # --- signing in and out --------------------------------------------------------------------------------

    def sign_in(self, username: str, password: str, address: str) -> SignIn:
        """Check the password and start a session; AuthenticationError (the same message whether the account
        exists or not) or RateLimitedError after too many failures for the account or the address."""
        name = username.strip().lower()[:100]
        now = self.now()
        keys = (f"account:{name}", f"ip:{address}"[:200])
        with self.database.transaction() as session:
            lock_keys(session, keys)  # count and record as one step: requests at once queue here
            failures = LoginFailureStore(session)
            since = now - self.window
            over = failures.count_since(keys[0], since) >= self.account_limit
            over = over or failures.count_since(keys[1], since) >= self.address_limit
            attempt = [] if over else failures.record(keys, now)  # a failure until the password proves right
            stored = AccountStore(session).by_username(name)
        if over:
            raise RateLimitedError(
                "too many failed sign-ins; wait a quarter of an hour and try again",
                int(self.window.total_seconds()),
            )
        ok = self._verify(stored.password_hash if stored else self._dummy_hash(), password) and stored is not None
        if not ok or stored is None:
            with self.database.transaction() as session:
                LoginFailureStore(session).prune(now - 4 * self.window)
            raise AuthenticationError("the username or the password is wrong")
        if stored.disabled:
            raise AuthenticationError("this account is disabled; ask the server's administrator")
        token = secrets.token_urlsafe(32)
        expires = now + self.session_lifetime
        with self.database.transaction() as session:
            LoginFailureStore(session).forget(attempt)
            LoginFailureStore(session).clear(keys[0])
            if self.hasher.check_needs_rehash(stored.password_hash):
                AccountStore(session).set_password_hash(stored.id, self.hasher.hash(password))
            SessionStore(session).delete_expired(now)
            SessionStore(session).create(hash_token(token), stored.id, now=now, expires_at=expires)
        return SignIn(_account(stored), token, expires)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(password_hash, password))
        except (VerificationError, InvalidHashError):
            return False

    def sign_out(self, token: str) -> None:
        """End the session of ``token`` (nothing happens when there is none)."""
        with self.database.transaction() as session:
            SessionStore(session).delete(hash_token(token))

    def session_viewer(self, token: str) -> Viewer | None:
        """Who holds the session ``token`` and whose workspace they view; None when the session is unknown or
        has ended. An adviser views the applicant chosen in the session, or their only applicant."""
        with self.database.transaction() as session:
            found = SessionStore(session).get(hash_token(token), self.now())
            if found is None:
                return None
            stored = AccountStore(session).by_id(found.account_id)
            if stored is None or stored.disabled:
                return None
            account = _account(stored)
            return self._viewer(session, account, found.viewing_id, found.id)

    def _viewer(self, session: Session, account: Account, viewing: int | None, session_id: int | None) -> Viewer:
        if account.role is Role.APPLICANT:
            return Viewer(account, account.workspace_id, account.username, session_id)
        if account.role is Role.ADVISER:
            grants = GrantStore(session).applicants_of(account.id)
            allowed = dict(grants)
            if viewing is None and len(grants) == 1:
                viewing = grants[0][0]
            if viewing is not None and viewing in allowed:
                return Viewer(account, viewing, allowed[viewing], session_id)
        return Viewer(account, None, None, session_id)

    def choose_applicant(self, viewer: Viewer, applicant: str) -> None:
        """An adviser chooses which applicant's workspace this session views; NotFoundError when the applicant
        did not invite them (the same answer as for an applicant that does not exist)."""
        if viewer.session_id is None or viewer.account.role is not Role.ADVISER:
            raise PermissionDeniedError("only an adviser's browser session chooses an applicant")
        with self.database.transaction() as session:
            allowed = {name: workspace for workspace, name in GrantStore(session).applicants_of(viewer.account.id)}
            if applicant not in allowed:
                raise NotFoundError(f"no applicant {applicant!r} has invited you")
            SessionStore(session).set_viewing(viewer.session_id, allowed[applicant])

    def applicants_of(self, viewer: Viewer) -> list[str]:
        """The usernames of the applicants an adviser may view (empty for other roles)."""
        if viewer.account.role is not Role.ADVISER:
            return []
        with self.database.transaction() as session:
            return [name for _, name in GrantStore(session).applicants_of(viewer.account.id)]

    # --- invitations ---------------------------------------------------------------------------------------

    def invite(self, viewer: Viewer) -> str:
        """An applicant invites an adviser: returns a one-time token (valid for a week) to give them."""
        workspace = self._own_workspace(viewer)
        token = secrets.token_urlsafe(24)
        now = self.now()
        with self.database.transaction() as session:
            InvitationStore(session).create(
                hash_token(token), workspace, viewer.account.id, now=now, expires_at=now + self.invitation_lifetime
            )
        return token

    def invitation_from(self, token: str) -> str:
        """The username of the applicant who sent an open invitation; NotFoundError when it is unknown, used or
        ended."""
        with self.database.transaction() as session:
            found = InvitationStore(session).get_open(hash_token(token), self.now())
            name = AccountStore(session).workspace_username(found.workspace_id) if found else None
        if name is None:
            raise NotFoundError("this invitation is unknown, was already used, or has ended; ask for a new one")
        return name

    def accept_invitation(self, token: str, viewer: Viewer) -> str:
        """A signed-in adviser accepts an invitation; returns the applicant's username."""
        if viewer.account.role is not Role.ADVISER:
            raise PermissionDeniedError("only an adviser account can accept an invitation; sign out first")
        return self._accept(token, viewer.account.id)

    def accept_invitation_as_new(self, token: str, username: str, password: str) -> Account:
        """Create an adviser account from an invitation and accept it, in one transaction: when the invitation
        was used meanwhile, no account is left behind."""
        self.invitation_from(token)  # NotFoundError before hashing anything
        name = _check_username(username)
        _check_password(password, name)
        password_hash = self.hasher.hash(password)
        with self.database.transaction() as session:
            account = self._create(session, name, password_hash, Role.ADVISER)
            self._accept_in(session, token, account.id)
        return account

    def _accept(self, token: str, adviser_id: int) -> str:
        with self.database.transaction() as session:
            return self._accept_in(session, token, adviser_id)

    def _accept_in(self, session: Session, token: str, adviser_id: int) -> str:
        now = self.now()
        gone = "this invitation is unknown, was already used, or has ended; ask for a new one"
        found = InvitationStore(session).get_open(hash_token(token), now)
        if found is None or not InvitationStore(session).accept(found.id, adviser_id, now):
            raise NotFoundError(gone)  # the UPDATE requires it open: of two at once, one wins
        lock_keys(session, (f"grant:{adviser_id}:{found.workspace_id}",))  # two invitations to one adviser at once
        GrantStore(session).add(adviser_id, found.workspace_id)
        return AccountStore(session).workspace_username(found.workspace_id) or ""

    def open_invitations(self, viewer: Viewer) -> list[InvitationInfo]:
        """The applicant's invitations that were neither used nor ended, newest first."""
        workspace = self._own_workspace(viewer)
        now = self.now()
        with self.database.transaction() as session:
            found = InvitationStore(session).open_of(workspace, now)
        return [InvitationInfo(i.id, _aware(i.created_at or i.expires_at), _aware(i.expires_at)) for i in found]

    def cancel_invitation(self, viewer: Viewer, invitation_id: int) -> None:
        """An applicant cancels one of their unused invitations (its link stops working); NotFoundError when it
        is not one of theirs or was already used."""
        workspace = self._own_workspace(viewer)
        with self.database.transaction() as session:
            if not InvitationStore(session).cancel(workspace, invitation_id):
                raise NotFoundError(f"no open invitation {invitation_id} of yours")

    def advisers_of(self, viewer: Viewer) -> list[str]:
        """The usernames of the advisers who may read the applicant's workspace."""
        workspace = self._own_workspace(viewer)
        with self.database.transaction() as session:
            return [name for _, name in GrantStore(session).advisers_of(workspace)]

    def revoke_adviser(self, viewer: Viewer, adviser: str) -> None:
        """An applicant takes an adviser's access away (NotFoundError when that adviser has none)."""
        workspace = self._own_workspace(viewer)
        with self.database.transaction() as session:
            stored = AccountStore(session).by_username(adviser.strip().lower())
            if stored is None or not GrantStore(session).remove(stored.id, workspace):
                raise NotFoundError(f"{adviser!r} is not one of your advisers")

    def _own_workspace(self, viewer: Viewer) -> int:
        if viewer.account.role is not Role.APPLICANT or viewer.account.workspace_id is None:
            raise PermissionDeniedError("only an applicant can do this, for their own workspace")
        return viewer.account.workspace_id

    # --- API tokens ----------------------------------------------------------------------------------------

    def create_api_token(self, viewer: Viewer, name: str, expires_in_days: int | None = None) -> str:
        """A new API token working on the viewer's current workspace (an adviser's stays read-only), for
        ``expires_in_days`` days (None: until revoked); the secret is returned once and only its hash is kept."""
        label = name.strip()
        if not 1 <= len(label) <= 100:
            raise InputError("give the token a name of 1 to 100 characters")
        if expires_in_days is not None and not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
            raise InputError(f"a token lasts 1 to {MAX_TOKEN_DAYS:,} days (or until revoked), not {expires_in_days}")
        if viewer.workspace_id is None:
            raise PermissionDeniedError("choose an applicant first: a token works on one workspace")
        token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = self.now()
        ends = None if expires_in_days is None else now + timedelta(days=expires_in_days)
        with self.database.transaction() as session:
            ApiTokenStore(session).create(
                viewer.account.id, viewer.workspace_id, label, hash_token(token), now=now, expires_at=ends
            )
        return token

    def api_tokens(self, viewer: Viewer) -> list[ApiTokenInfo]:
        """The viewer's API tokens, newest first (never their secrets)."""
        with self.database.transaction() as session:
            found = ApiTokenStore(session).of_account(viewer.account.id)
        return [
            ApiTokenInfo(
                t.id, t.name, t.created_at, t.last_used_at, None if t.expires_at is None else _aware(t.expires_at)
            )
            for t in found
        ]

    def revoke_api_token(self, viewer: Viewer, token_id: int) -> None:
        """Delete one of the viewer's tokens (NotFoundError when it is not theirs)."""
        with self.database.transaction() as session:
            if not ApiTokenStore(session).delete(viewer.account.id, token_id):
                raise NotFoundError(f"no API token {token_id} of yours")

    def token_viewer(self, token: str) -> Viewer:
        """Who holds the API ``token``; AuthenticationError when it is unknown, and an adviser's token stops
        working as soon as the applicant takes their access away."""
        if not token.startswith(API_TOKEN_PREFIX):
            raise AuthenticationError("the API token is not valid")
        with self.database.transaction() as session:
            found = ApiTokenStore(session).by_hash(hash_token(token))
            stored = AccountStore(session).by_id(found.account_id) if found else None
            if found is None or stored is None or stored.disabled:
                raise AuthenticationError("the API token is not valid")
            if found.expires_at is not None and _aware(found.expires_at) <= self.now():
                raise AuthenticationError("the API token has expired; make a new one on your account page")
            account = _account(stored)
            allowed = account.workspace_id == found.workspace_id or (
                account.role is Role.ADVISER and GrantStore(session).has(account.id, found.workspace_id)
            )
            if not allowed:
                raise AuthenticationError("the API token no longer gives access to that workspace")
            ApiTokenStore(session).touch(found.id, self.now())
            applicant = AccountStore(session).workspace_username(found.workspace_id)
        return Viewer(account, found.workspace_id, applicant)

    # --- the workspace of a request ------------------------------------------------------------------------

    def services_for(self, viewer: Viewer) -> Services:
        """The workspace services of the applicant the viewer works on; PermissionDeniedError when none."""
        if viewer.workspace_id is None:
            if viewer.account.role is Role.ADVISER:
                raise PermissionDeniedError("choose which applicant to view on your account page")
            raise PermissionDeniedError("this account holds no applicant data")
        with self.database.transaction() as session:
            owner = AccountStore(session).owner_name(viewer.workspace_id)
        if owner is None:
            raise NotFoundError("that workspace no longer exists")
        return Services(self.database, owner=owner, today=self.today)

    # --- comments ------------------------------------------------------------------------------------------

    def add_comment(self, viewer: Viewer, subject: str, text: str) -> Comment:
        """Add a comment (by the applicant or one of their advisers) to the viewed workspace."""
        body, about = text.strip(), subject.strip()
        if not body:
            raise InputError("write the comment first")
        if len(body) > 5000 or len(about) > 64:
            raise InputError("a comment is at most 5,000 characters and its subject at most 64")
        if viewer.workspace_id is None:
            raise PermissionDeniedError("choose which applicant to view on your account page")
        now = self.now()
        with self.database.transaction() as session:
            new_id = CommentStore(session, viewer.workspace_id).add(viewer.account.username, about, body, now=now)
        return Comment(new_id, viewer.account.username, about, body, now)

    def comments(self, viewer: Viewer, subject: str | None = None) -> list[Comment]:
        """The comments on the viewed workspace, oldest first (only those about ``subject`` when given)."""
        if viewer.workspace_id is None:
            return []
        with self.database.transaction() as session:
            found = CommentStore(session, viewer.workspace_id).list(subject)
        return found


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise InputError(
            "a username is 3 to 100 characters: letters, digits and . _ @ - (starting with a letter or digit)"
        )
    return name


def password_problem(password: str, username: str = "") -> str | None:
    """What is wrong with ``password`` as a new password for ``username``, or None when it is acceptable.

    The policy: 12 to 1,024 characters; not only spaces; not the username (nor the username with spaces around
    or in another case); and not guessable by ``zxcvbn`` (score at least 2 of 4, about 10^8 guesses), whose lists
    of common passwords, names and English words catch ``password1234``, ``qwertyuiop12`` and the like. Only the
    first 100 characters are given to zxcvbn (its running time grows with the length).
    """
    if len(password) < MIN_PASSWORD:
        return f"a password is at least {MIN_PASSWORD} characters long (a few words are easy to remember)"
    if len(password) > MAX_PASSWORD:
        return f"a password is at most {MAX_PASSWORD:,} characters long"
    if not password.strip():
        return "a password cannot be only spaces"
    name = username.strip().lower()
    if name and password.strip().lower() == name:
        return "a password cannot be the username"
    result = zxcvbn(password[:100], user_inputs=[name] if name else [])
    if int(result["score"]) < MIN_PASSWORD_SCORE:
        warning = str(result.get("feedback", {}).get("warning") or "it is too easy to guess").rstrip(".")
        return f"this password is too easy to guess ({warning[:1].lower() + warning[1:]}); add a few uncommon words"
    return None


def _check_password(password: str, username: str = "") -> None:
    problem = password_problem(password, username)
    if problem is not None:
        raise InputError(problem)


def _role(role: Role | str) -> Role:
    try:
        return Role(str(role).strip().lower())
    except ValueError:
        raise InputError(f"{role!r} is not a role; use applicant, adviser or administrator") from None
