"""The database tables (SQLAlchemy Core metadata shared by the repositories and the migrations)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

from matchpilot.domain.limits import (
    CODE_LENGTH,
    COLUMN_NAME_LENGTH,
    DOCUMENT_KEY_LENGTH,
    DOCUMENT_KIND_LENGTH,
    EMPHASIS_LENGTH,
    HASH_LENGTH,
    LETTER_KIND_LENGTH,
    LOGIN_KEY_LENGTH,
    NAME_LENGTH,
    OUTCOME_LENGTH,
    OWNER_NAME_LENGTH,
    PROGRAM_TYPE_LENGTH,
    ROLE_LENGTH,
    SETTING_LENGTH,
    STATE_LENGTH,
    STATUS_LENGTH,
    TARGET_LENGTH,
    TRACK_LENGTH,
)

__all__ = ["metadata", "owners", "profiles", "programs"]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

owners = Table(
    "owners",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(OWNER_NAME_LENGTH), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # one more on every committed change to the owner's records (storage.database.Database.transaction)
    Column("revision", Integer, nullable=False, server_default="0"),
)

profiles = Table(
    "profiles",
    metadata,
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    Column("data", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

programs = Table(
    "programs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("name", Text, nullable=False),
    Column("institution", Text),
    Column("city", Text),
    Column("state", String(STATE_LENGTH)),
    Column("setting", String(SETTING_LENGTH)),
    Column("specialty", Text, nullable=False),
    Column("track", String(TRACK_LENGTH), nullable=False),
    Column("positions", Integer),
    Column("visa_j1", Boolean),
    Column("visa_h1b", Boolean),
    Column("img_share", Float),
    Column("program_type", String(PROGRAM_TYPE_LENGTH)),
    Column("va_affiliated", Boolean),
    Column("linked_pgy1", Boolean),
    Column("emphasis", String(EMPHASIS_LENGTH)),
    Column("fellowships", JSON, nullable=False),
    Column("min_step2", Integer),
    Column("max_years_since_graduation", Integer),
    Column("usce_required", Boolean),
    Column("step3_for_h1b", Boolean),
    Column("interest", Integer),
    Column("notes", Text),
    Column("source", Text),
    Column("checked_on", Date),
    Column("provenance", JSON, nullable=False),
    UniqueConstraint("owner_id", "code", name="uq_programs_owner_code"),
    Index("ix_programs_owner_specialty", "owner_id", "specialty"),
    Index("ix_programs_owner_state", "owner_id", "state"),
)

outcomes = Table(
    "outcomes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("outcome", String(OUTCOME_LENGTH), nullable=False),
    Column("recorded_on", Date, nullable=False),
    UniqueConstraint("owner_id", "code", name="uq_outcomes_owner_code"),
)
"""What each program answered the applicant: ``invited``, ``rejected`` or ``silent`` as of ``recorded_on``.

Keyed by program code (not by the program's row), so an outcome survives re-importing the sheet."""

__all__ += ["outcomes"]

# --- Match Week (SOAP) ------------------------------------------------------------------------------------

soap_documents = Table(
    "soap_documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(DOCUMENT_KIND_LENGTH), nullable=False),
    Column("key", String(DOCUMENT_KEY_LENGTH), nullable=False),
    Column("title", Text, nullable=False),
    Column("writer", Text),
    Column("specialty", Text),
    Column("text", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("owner_id", "kind", "key", name="uq_soap_documents_owner_kind_key"),
)
"""SOAP documents: personal statement variants (``kind`` ``statement``: key, title, text) and letters of
recommendation (``kind`` ``letter``: key, writer, specialty, text)."""

soap_assignments = Table(
    "soap_assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("target", String(TARGET_LENGTH), nullable=False),
    Column("statement_key", String(DOCUMENT_KEY_LENGTH)),
    Column("letter_keys", JSON, nullable=False),
    UniqueConstraint("owner_id", "target", name="uq_soap_assignments_owner_target"),
)
"""The assignment rule: per category (``pmr``, ``prelim``, ``other``) or ``specialty:NAME``, the personal
statement variant and the letters (an empty list: chosen automatically by specialty)."""

soap_plans = Table(
    "soap_plans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(NAME_LENGTH), nullable=False),
    Column("bounds", JSON, nullable=False),
    Column("max_applications", Integer),
    Column("is_default", Boolean, nullable=False),
    Column("note", Text),
    UniqueConstraint("owner_id", "name", name="uq_soap_plans_owner_name"),
)
"""Distribution plans by name: ``bounds`` maps a category to ``[min, max]`` (max ``null``: no maximum);
``max_applications`` (``null``: the year's SOAP cap); at most one plan per owner ``is_default``."""

soap_unfilled = Table(
    "soap_unfilled",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("name", Text, nullable=False),
    Column("specialty", Text, nullable=False),
    Column("track", String(TRACK_LENGTH), nullable=False),
    Column("positions", Integer, nullable=False),
    Column("state", String(STATE_LENGTH)),
    Column("extra", JSON, nullable=False),
    Column("source_row", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("imported_on", Date, nullable=False),
    UniqueConstraint("owner_id", "code", name="uq_soap_unfilled_owner_code"),
)
"""The imported list of unfilled programs (replaced whole by each import); ``extra`` keeps other columns."""

soap_offers = Table(
    "soap_offers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("round", Integer, nullable=False),
    Column("deadline", DateTime(timezone=True)),
    Column("status", String(STATUS_LENGTH), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("owner_id", "code", name="uq_soap_offers_owner_code"),
)
"""SOAP offers: per program (a program offers an applicant at most once), the round, the deadline and the
status (``open``, ``accepted``, ``declined``, ``expired``)."""

soap_applications = Table(
    "soap_applications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("owner_id", "code", name="uq_soap_applications_owner_code"),
)
"""The SOAP applications actually sent, by program code (a program can only make an offer to an applicant who
applied to it)."""

soap_cheatsheets = Table(
    "soap_cheatsheets",
    metadata,
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    Column("data", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""The one-page SOAP interview cheat sheet (three reasons for PM&R, three qualities, two patient stories)."""

soap_answers = Table(
    "soap_answers",
    metadata,
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    Column("topic", String(32), primary_key=True),
    Column("data", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""The applicant's own answers for Match Week, one JSON mapping per ``topic``: ``worths`` (what each kind of
position is worth to them) and ``facts`` (what eligibility cannot know: registration, ECFMG status, the Match
result)."""

soap_checklist = Table(
    "soap_checklist",
    metadata,
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    Column("match_year", Integer, primary_key=True),
    Column("item", String(40), primary_key=True),
    Column("ticked_at", DateTime(timezone=True), nullable=False),
)
"""The readiness checklist: the items the applicant ticked as done, per Match year (a tick of one season does not
carry over to the next)."""

__all__ += [
    "soap_answers",
    "soap_assignments",
    "soap_cheatsheets",
    "soap_checklist",
    "soap_documents",
    "soap_offers",
    "soap_plans",
    "soap_unfilled",
]

sheet_mappings = Table(
    "sheet_mappings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(NAME_LENGTH), nullable=False),
    Column("pairs", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("owner_id", "name", name="uq_sheet_mappings_owner_name"),
)
"""Saved column mappings, by name: ``pairs`` is a list of [the file's column, the sheet column]."""

sheet_conflicts = Table(
    "sheet_conflicts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("sheet_column", String(COLUMN_NAME_LENGTH), nullable=False),
    Column("mine", Text, nullable=False),
    Column("mine_source", Text),
    Column("mine_checked_on", Date),
    Column("theirs", Text, nullable=False),
    Column("theirs_source", Text),
    Column("theirs_checked_on", Date),
    Column("found_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("owner_id", "code", "sheet_column", name="uq_sheet_conflicts_owner_code_column"),
)
"""Open merge conflicts: per program code and sheet column, both values (as sheet cell text) with their
sources and dates. Keyed by code, like outcomes, so a conflict survives re-importing the sheet."""

__all__ += ["sheet_conflicts", "sheet_mappings"]

# --- Rank order lists -------------------------------------------------------------------------------------

rank_lists = Table(
    "rank_lists",
    metadata,
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    Column("pgy1_held", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("certified_on", Date),
)
"""One rank order list per owner: whether the applicant already holds a PGY-1 (advanced programs then need no
supplemental list), when the list last changed and the day it was certified in the NRMP's system (null: not
recorded)."""

rank_list_entries = Table(
    "rank_list_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("rank", Integer, nullable=False),
    Column("code", String(CODE_LENGTH), nullable=False),
    UniqueConstraint("owner_id", "rank", name="uq_rank_list_entries_owner_rank"),
    UniqueConstraint("owner_id", "code", name="uq_rank_list_entries_owner_code"),
)
"""The primary list: program codes by rank (1 = first). Keyed by code, like outcomes, so the list survives
re-importing the sheet."""

supplemental_rank_lists = Table(
    "supplemental_rank_lists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("attached_to", JSON, nullable=False),
    Column("codes", JSON, nullable=False),
    UniqueConstraint("owner_id", "number", name="uq_supplemental_rank_lists_owner_number"),
)
"""Supplemental PGY-1 lists, numbered from 1: ``attached_to`` the advanced program codes the list serves,
``codes`` the PGY-1 programs, best first."""

__all__ += ["rank_list_entries", "rank_lists", "supplemental_rank_lists"]

# --- Letters: the message log -----------------------------------------------------------------------------

letter_messages = Table(
    "letter_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("kind", String(LETTER_KIND_LENGTH), nullable=False),
    Column("sent_on", Date, nullable=False),
    Column("text", Text, nullable=False),
    Column("requested", Boolean, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_letter_messages_owner_code", "owner_id", "code"),
)
"""Messages the applicant sent to programs: program code, kind (a template kind, ``reply`` or ``other``), the day
it was sent, the text, and whether the program asked for it. Keyed by code (no foreign key to the sheet's rows),
so re-importing the sheet never removes a logged message."""

letter_interviews = Table(
    "letter_interviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("interviewers", JSON, nullable=False),
    Column("notes", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_letter_interviews_owner_code", "owner_id", "code"),
)
"""Interviews: program code, the day, the interviewers' names (a JSON list) and the applicant's notes."""

letter_replies = Table(
    "letter_replies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("text", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_letter_replies_owner_code", "owner_id", "code"),
)
"""What programs wrote to the applicant: program code, the day it arrived and its text."""

__all__ += ["letter_interviews", "letter_messages", "letter_replies"]

# --- Accounts (multi-user mode) -----------------------------------------------------------------------------
# These tables hold identities and credentials, not an applicant's records. They have no ``owner_id`` column on
# purpose: a backup of an owner's data (storage/backup.py walks every table with ``owner_id``) never carries a
# password hash, a session or a token. ``workspace_id`` names the owner whose records an account works on.

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(NAME_LENGTH), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(ROLE_LENGTH), nullable=False),
    Column("workspace_id", Integer, ForeignKey("owners.id", ondelete="SET NULL")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("disabled_at", DateTime(timezone=True)),
)
"""Accounts of a multi-user server: a unique username, the Argon2 hash of the password, the role (``applicant``,
``adviser`` or ``administrator``), for an applicant the owner of their records (``workspace_id``), and when an
administrator disabled the account (NULL: enabled)."""

login_sessions = Table(
    "login_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(HASH_LENGTH), nullable=False, unique=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("viewing_id", Integer, ForeignKey("owners.id", ondelete="SET NULL")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
"""Signed-in browsers: the SHA-256 of the session cookie (never the cookie itself), the account, the applicant an
adviser chose to view (``viewing_id``) and when the session ends."""

invitations = Table(
    "invitations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(HASH_LENGTH), nullable=False, unique=True),
    Column("workspace_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("invited_by", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("accepted_by", Integer, ForeignKey("accounts.id", ondelete="SET NULL")),
    Column("accepted_at", DateTime(timezone=True)),
)
"""An applicant's invitation of an adviser: the SHA-256 of the one-time token, the applicant's workspace, when it
expires and who accepted it."""

adviser_grants = Table(
    "adviser_grants",
    metadata,
    Column("adviser_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("workspace_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""Which adviser may read (and comment on) which applicant's workspace."""

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("workspace_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(NAME_LENGTH), nullable=False),
    Column("token_hash", String(HASH_LENGTH), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("expires_at", DateTime(timezone=True)),
)
"""API tokens for scripts: the SHA-256 of the token, its account, the workspace it works on, a name, and when it
stops working (NULL: never)."""

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(LOGIN_KEY_LENGTH), nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
    Index("ix_login_failures_key_failed_at", "key", "failed_at"),
)
"""Failed sign-ins by key (``account:NAME`` and ``ip:ADDRESS``), counted in a sliding window to rate-limit."""

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("author", String(NAME_LENGTH), nullable=False),
    Column("subject", String(CODE_LENGTH), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_comments_owner_created", "owner_id", "created_at"),
)
"""Comments on an applicant's workspace by the applicant or their advisers: the author's username (a name, not a
key, so a backup stands alone), a subject (a program code, or empty for the whole workspace) and the text."""

__all__ += ["accounts", "adviser_grants", "api_tokens", "comments", "invitations", "login_failures", "login_sessions"]

# --- Couples' paired rank order lists ---------------------------------------------------------------------

couple_rank_lists = Table(
    "couple_rank_lists",
    metadata,
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    Column("partner_name", Text, nullable=False),
    Column("partner_id", String(CODE_LENGTH), nullable=False),
    Column("pairs", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""A couple's paired list, one per owner: the partner's name and id (empty when not recorded) and ``pairs``, a
JSON list of ``[my program code or null, the partner's program code or null]``, best first (null: "no
match"; never both). At most 300 pairs."""

__all__ += ["couple_rank_lists"]

# --- Public evidence: DOL H-1B LCA disclosure files ---------------------------------------------------------

lca_imports = Table(
    "lca_imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("layout", String(16), nullable=False),
    Column("imported_on", Date, nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("cases_kept", Integer, nullable=False),
    UniqueConstraint("owner_id", "sha256", name="uq_lca_imports_owner_sha256"),
)
"""Each LCA disclosure file an applicant imported: its name, the SHA-256 of its bytes (the same file twice is
recognised), its header layout (``FY2020+`` or ``older``), the day, the rows read and the cases kept."""

lca_cases = Table(
    "lca_cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("import_sha256", String(64), nullable=False),
    Column("case_number", String(64), nullable=False),
    Column("status", String(24), nullable=False),
    Column("role", String(16), nullable=False),
    Column("decision_date", Date),
    Column("employer_name", Text, nullable=False),
    Column("employer_key", Text, nullable=False),
    Column("employer_state", String(2), nullable=False),
    Column("job_title", Text, nullable=False),
    Column("soc_code", String(16), nullable=False),
    Column("visa_class", String(32), nullable=False),
    UniqueConstraint("owner_id", "case_number", name="uq_lca_cases_owner_case_number"),
    Index("ix_lca_cases_owner_employer", "owner_id", "employer_key", "employer_state"),
)
"""The resident and clinical-fellow cases kept from the LCA files, one per case number (a newer file's row for
the same case replaces the older one): status, role, decision day, employer (as written and normalised), and the
file it came from by its SHA-256 (a natural key: a backup restores it unchanged)."""

lca_links = Table(
    "lca_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("employer_key", Text, nullable=False),
    Column("employer_state", String(2), nullable=False),
    Column("institution", Text),
    Column("confidence", Float),
    Column("decision", String(16), nullable=False),
    Column("decided_by", String(16), nullable=False),
    Column("decided_on", Date, nullable=False),
    UniqueConstraint("owner_id", "employer_key", "employer_state", name="uq_lca_links_owner_employer"),
)
"""The applicant's decisions about LCA employers: ``linked`` to a sheet institution (by name as written on the
sheet) with the suggestion's confidence (None when linked by hand), or ``unlinked`` (a link undone: not suggested
again). ``decided_by``: ``you`` or ``suggestion`` (accepted with --yes)."""

__all__ += ["lca_cases", "lca_imports", "lca_links"]

# --- predictions shown (scored against outcomes) --------------------------------------------------------------

predictions = Table(
    "predictions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("predicted_on", Date, nullable=False),
    Column("p_low", Float, nullable=False),
    Column("p_mid", Float, nullable=False),
    Column("p_high", Float, nullable=False),
    # the cohort's term (log-odds) included in p_mid, taken out again when the cohort is fitted
    Column("cohort_shift", Float, nullable=False, server_default="0"),
    UniqueConstraint("owner_id", "code", "predicted_on", name="uq_predictions_owner_code_day"),
    info={"moves_revision": False},
)
"""The chance of an interview matchpilot showed for a program (``p_mid`` and its range ``p_low``-``p_high``), one
row per program per day (the last shown that day). No computation reads it back into a chance, so writing it does
not move the owner's revision (``info["moves_revision"]``): showing a page never makes kept results stale."""

__all__ += ["predictions"]

cohort_consents = Table(
    "cohort_consents",
    metadata,
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    Column("consented", Boolean, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""Whether the applicant lets their recorded outcomes join the cohort of this server (docs/chances.md, "Learning
from applicants on this server"); no row: not asked yet, which counts as no."""

__all__ += ["cohort_consents"]
# --- Application materials: ERAS experience entries and letters of recommendation --------------------------------

eras_experiences = Table(
    "eras_experiences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("title", Text, nullable=False),
    Column("organization", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_eras_experiences_owner", "owner_id", "id"),
)
"""The applicant's ERAS experience entries as they write them: a title, the organization (empty when not given)
and the description; shown in the order they were added."""

recommendation_letters = Table(
    "recommendation_letters",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("writer", Text, nullable=False),
    Column("specialty", Text, nullable=False),
    Column("requested_on", Date),
    Column("uploaded_on", Date),
    Column("assigned_on", Date),
    Column("note", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_recommendation_letters_owner", "owner_id", "id"),
)
"""Letters of recommendation planned and tracked: the writer, the writer's specialty, the days the letter was
requested, uploaded to ERAS and assigned to programs (NULL: not yet) and a note."""

__all__ += ["eras_experiences", "recommendation_letters"]

pick_choices = Table(
    "pick_choices",
    metadata,
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    Column("code", String(CODE_LENGTH), primary_key=True),
    Column("choice", String(8), nullable=False),
)
"""Programs the applicant pinned (``pin``: must apply) or excluded (``exclude``: never apply) on My list.

Keyed by program code, like outcomes, so a choice survives re-importing the sheet."""

__all__ += ["pick_choices"]


program_favourites = Table(
    "program_favourites",
    metadata,
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    Column("code", String(CODE_LENGTH), primary_key=True),
    Column("starred_at", DateTime(timezone=True), nullable=False),
)
"""The programs the applicant starred as favourites, by program code (a star outlives a re-import of the sheet)."""

__all__ += ["program_favourites"]
