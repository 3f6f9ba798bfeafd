"""Every table of DESIGN §3, in one file, SQLAlchemy 2 style."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.types import JSONType, UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("owner", "admin", "member", "reviewer")
PLANS = ("free", "pro", "team")
PROJECT_STATUSES = ("intake", "in_progress", "validation", "completed", "archived")
MESSAGE_ROLES = ("user", "assistant", "system")
ARTIFACT_TYPES = (
    "context_diagram",
    "use_case",
    "class_diagram",
    "sequence_diagram",
    "activity_diagram",
)
ARTIFACT_STATUSES = ("draft", "validated", "exported")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSONType, list[Any]: JSONType}


class Timestamped:
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class User(Timestamped, Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("email"),)

    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # Cookies issued before this moment are refused: logout and password change move it.
    sessions_valid_after: Mapped[datetime | None]


class Team(Timestamped, Base):
    __tablename__ = "teams"
    __table_args__ = (CheckConstraint(_in("plan", PLANS), name="plan"),)

    name: Mapped[str] = mapped_column(String(255))
    plan: Mapped[str] = mapped_column(String(20), default="free")
    stripe_customer_id: Mapped[str | None] = mapped_column(String(255))
    stripe_subscription_id: Mapped[str | None] = mapped_column(String(255))


class TeamMember(Timestamped, Base):
    __tablename__ = "team_members"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id"),
        CheckConstraint(_in("role", ROLES), name="role"),
        Index("ix_team_members_user_id", "user_id"),
    )

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    last_used_at: Mapped[datetime | None]  # the team a new tab opens: the one worked in last


class Invitation(Timestamped, Base):
    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("token_hash"),
        CheckConstraint(_in("role", ROLES), name="role"),
        Index("ix_invitations_team_id", "team_id"),
    )

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(128))
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class PasswordReset(Timestamped, Base):
    """A one-time link that sets a new password; only the token's hash is stored."""

    __tablename__ = "password_resets"
    __table_args__ = (UniqueConstraint("token_hash"), Index("ix_password_resets_user_id", "user_id"))

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # Who made the link: None when the user asked for it by email or the operator made it.
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Project(Timestamped, Base):
    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint("length(name) BETWEEN 1 AND 255", name="name_length"),
        CheckConstraint("length(vision) BETWEEN 10 AND 5000", name="vision_length"),
        CheckConstraint(_in("status", PROJECT_STATUSES), name="status"),
        CheckConstraint(
            "validation_score IS NULL OR validation_score BETWEEN 0 AND 100",
            name="validation_score_range",
        ),
        Index("ix_projects_team_id", "team_id"),
        Index("ix_projects_status", "status"),
        Index("ix_projects_created_by", "created_by"),
    )

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    vision: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="intake")
    # The status an archived project returns to when it is restored.
    status_before_archive: Mapped[str | None] = mapped_column(String(20))
    validation_score: Mapped[int | None]
    validation_passed: Mapped[int | None]
    validation_failed: Mapped[int | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)


class ProjectData(Timestamped, Base):
    __tablename__ = "project_data"
    __table_args__ = (
        UniqueConstraint("project_id"),
        CheckConstraint("completeness BETWEEN 0 AND 100", name="completeness_range"),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    actors: Mapped[list[Any]] = mapped_column(default=list)
    use_cases: Mapped[list[Any]] = mapped_column(default=list)
    system_boundaries: Mapped[dict[str, Any]] = mapped_column(default=dict)
    data_entities: Mapped[list[Any]] = mapped_column(default=list)
    problem_statement: Mapped[dict[str, Any]] = mapped_column(default=dict)
    goals: Mapped[list[Any]] = mapped_column(default=list)
    constraints: Mapped[dict[str, Any]] = mapped_column(default=dict)
    nfrs: Mapped[list[Any]] = mapped_column(default=list)
    intake_state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    completeness: Mapped[int] = mapped_column(Integer, default=0)
    last_extracted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)


class Conversation(Timestamped, Base):
    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("project_id", "client_message_id"),
        CheckConstraint(_in("role", MESSAGE_ROLES), name="role"),
        Index("ix_conversations_project_id_created_at", "project_id", "created_at"),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    client_message_id: Mapped[str | None] = mapped_column(String(64))
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)


class Artifact(Timestamped, Base):
    __tablename__ = "artifacts"
    __table_args__ = (
        UniqueConstraint("project_id", "type", "version"),
        CheckConstraint(_in("type", ARTIFACT_TYPES), name="type"),
        CheckConstraint(_in("status", ARTIFACT_STATUSES), name="status"),
        Index("ix_artifacts_project_id", "project_id"),
        Index("ix_artifacts_type", "type"),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(40))
    # dot, mermaid (or one pair per use case) and the hash of the data they were drawn from.
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    validation_errors: Mapped[list[Any]] = mapped_column(default=list)
    # Regenerating adds version n+1; the highest version is current, older ones are kept.
    version: Mapped[int] = mapped_column(Integer, default=1)


class ValidationRun(Timestamped, Base):
    __tablename__ = "validation_runs"
    __table_args__ = (
        CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
        Index("ix_validation_runs_project_id_created_at", "project_id", "created_at"),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    score: Mapped[int] = mapped_column(Integer)
    passed: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    results: Mapped[list[Any]] = mapped_column(default=list)
    rubric_version: Mapped[str] = mapped_column(String(40))


class UsageEvent(Timestamped, Base):
    __tablename__ = "usage_events"
    __table_args__ = (
        Index("ix_usage_events_user_id_created_at", "user_id", "created_at"),
        Index("ix_usage_events_team_id_created_at", "team_id", "created_at"),
    )

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)


class AuditLog(Timestamped, Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_team_id_created_at", "team_id", "created_at"),)

    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(80))
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
