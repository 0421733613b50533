"""Learners of a school: added one by one, changed, linked to their account, or imported
from the school's spreadsheet all at once.

The school's managers (coordinators, administrators) and teachers write its learners. A
learner's date of birth is plausible (not in the future, an age a VET learner can have), and
a minor has a parent or guardian, who signs the Learning Agreement too. Edits carry the
revision the form was read at: a save over someone else's is a conflict, never an overwrite.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ecvet.accounts.models import Membership, Role
from ecvet.audit.services import _plain, audit_record, changed_fields, snapshot
from ecvet.errors import ConcurrentUpdate, NotPermitted
from ecvet.institutions.models import Institution
from ecvet.mobilities.learner_import import ImportRefused, LearnerRow, RowProblem
from ecvet.mobilities.learner_selectors import learner_school_can_write, school_qualifications
from ecvet.mobilities.models import Learner

#: What a person may write about a learner (the account is linked separately).
LEARNER_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "gender",
    "nationality",
    "email",
    "phone",
    "address",
    "qualification",
    "group",
    "progress",
    "guardian_name",
    "guardian_email",
    "guardian_phone",
)
REQUIRED_FIELDS = ("first_name", "last_name", "date_of_birth")
#: A date of birth outside these ages is a typing mistake, not a VET learner.
MIN_AGE = 12
MAX_AGE = 100


def _require_writer(actor: Any, school_id: int) -> None:
    if not learner_school_can_write(user=actor, school_id=school_id):
        raise NotPermitted(
            _("Only the school's coordinators and teachers can change its learners.")
        )


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(LEARNER_FIELDS)
    if unknown:
        raise ValueError(f"Unknown learner fields: {sorted(unknown)}")
    return {
        name: (value.strip() if isinstance(value, str) else value) for name, value in fields.items()
    }


def date_of_birth_problem(born: date, today: date) -> str:
    """Why a date of birth cannot be right ("" when it can)."""
    if born > today:
        return _("The date of birth is in the future.")
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age < MIN_AGE:
        return _("A learner of %(age)s years? Check the year.") % {"age": age}
    if age > MAX_AGE:
        return _("A learner of %(age)s years? Check the year.") % {"age": age}
    return ""


def _rules(learner: Learner, today: date) -> dict[str, list[str]]:
    """The service's own rules, beyond the model's fields and constraints."""
    errors: dict[str, list[str]] = {}
    if learner.date_of_birth:
        problem = date_of_birth_problem(learner.date_of_birth, today)
        if problem:
            errors["date_of_birth"] = [problem]
        elif learner.is_minor_on(today) and not learner.guardian_name:
            errors["guardian_name"] = [
                _("The learner is under 18: give the parent or guardian, who signs too.")
            ]
    return errors


def _validate(learner: Learner) -> None:
    """Every rule, with the database (qualification, the one-learner-per-person rule)."""
    errors: dict[str, list[str]] = {}
    try:
        learner.full_clean(exclude=["user", "guardian_user", "revision"])
    except ValidationError as error:
        errors = {name: list(texts) for name, texts in error.message_dict.items()}
    for name, messages in _rules(learner, timezone.localdate()).items():
        errors.setdefault(name, []).extend(messages)
    if (
        learner.qualification_id
        and not school_qualifications(school_ids=[learner.school_id])
        .filter(pk=learner.qualification_id)
        .exists()
    ):
        errors.setdefault("qualification", []).append(
            _("Choose a qualification of the school, shared in the library or in a partnership.")
        )
    if errors:
        raise ValidationError(errors)


def _bump(learner: Learner, revision: int | None, **fields: Any) -> None:
    """Save ``fields`` if the learner is still at ``revision`` (None: any revision)."""
    qs = Learner.objects.filter(pk=learner.pk)
    if revision is not None:
        qs = qs.filter(revision=revision)
    if not qs.update(revision=F("revision") + 1, updated_at=timezone.now(), **fields):
        raise ConcurrentUpdate()
    learner.refresh_from_db(fields=["revision", "updated_at", *fields])


@transaction.atomic
def learner_create(*, actor: Any, school: Institution, **fields: Any) -> Learner:
    """A new learner of ``school``."""
    _require_writer(actor, school.pk)
    learner = Learner(school=school, **_clean_fields(fields))
    _validate(learner)
    learner.save()
    audit_record(
        actor=actor,
        action="learner.created",
        target=learner,
        changes={
            name: [None, _plain(getattr(learner, name))]
            for name in ("first_name", "last_name", "date_of_birth")
        },
    )
    return learner


@transaction.atomic
def learner_update(*, actor: Any, learner: Learner, revision: int | None, **fields: Any) -> Learner:
    """Change what is known of a learner; refused for a form read at an older revision."""
    cleaned = _clean_fields(fields)
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    _require_writer(actor, learner.school_id)
    if revision is not None and revision != learner.revision:
        raise ConcurrentUpdate()
    before = snapshot(learner, cleaned)
    changes = changed_fields(before, {name: _plain(value) for name, value in cleaned.items()})
    if not changes:
        return learner
    for name, value in cleaned.items():
        setattr(learner, name, value)
    _validate(learner)
    _bump(learner, revision, **{name: cleaned[name] for name in changes})
    audit_record(actor=actor, action="learner.updated", target=learner, changes=changes)
    return learner


@transaction.atomic
def learner_link_account(*, actor: Any, learner: Learner, user: Any | None) -> Learner:
    """Link the learner to their own account (a learner account of the same school), so they
    see their mobility and sign online; ``user=None`` unlinks it."""
    learner = (
        Learner.objects.select_for_update(of=("self",)).select_related("user").get(pk=learner.pk)
    )
    _require_writer(actor, learner.school_id)
    if user is not None:
        if not Membership.objects.filter(
            user=user, institution_id=learner.school_id, role=Role.LEARNER
        ).exists():
            raise ValidationError(
                {"user": _("Choose an account with the learner role at the learner's school.")}
            )
        other = Learner.objects.filter(user=user).exclude(pk=learner.pk).first()
        if other is not None:
            raise ValidationError(
                {
                    "user": _("This account already belongs to the learner %(name)s.")
                    % {"name": other.full_name}
                }
            )
    if learner.user_id == (user.pk if user is not None else None):
        return learner
    old = str(learner.user) if learner.user is not None else None
    _bump(learner, None, user=user)
    audit_record(
        actor=actor,
        action="learner.account.linked" if user is not None else "learner.account.unlinked",
        target=learner,
        changes={"user": [old, str(user) if user is not None else None]},
    )
    return learner


# --- import ---


def _row_problems(row: LearnerRow, school: Institution, today: date) -> list[RowProblem]:
    """The row's problems: those of reading it, then every rule a learner follows, checked
    without the database (the file's other rows and the school's learners are checked in
    :func:`learners_validate` with one query for the whole file)."""
    problems = list(row.problems)
    skip = set(row.failed)
    for name in REQUIRED_FIELDS:
        if name not in skip and not row.fields.get(name):
            problems.append(
                RowProblem(_("This is required."), row=row.row, column=row.column(name))
            )
            skip.add(name)
    learner = Learner(school=school, **row.fields)
    errors: dict[str, list[str]] = {}
    try:
        learner.full_clean(
            exclude=["school", "qualification", "user", "guardian_user", "revision", *skip],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        errors = {name: list(texts) for name, texts in error.message_dict.items()}
    if "date_of_birth" not in skip:
        for name, messages in _rules(learner, today).items():
            errors.setdefault(name, []).extend(messages)
    for name, messages in errors.items():
        if name in skip:
            continue
        column = row.column(name) if name in LEARNER_FIELDS else ""
        problems.extend(
            RowProblem(str(message), row=row.row, column=column) for message in messages
        )
    return problems


def _person(fields: dict[str, Any]) -> tuple[str, str, Any]:
    return (
        str(fields.get("last_name", "")).casefold(),
        str(fields.get("first_name", "")).casefold(),
        fields.get("date_of_birth"),
    )


def learners_validate(*, school: Institution, rows: Sequence[LearnerRow]) -> list[RowProblem]:
    """Every problem of the rows to import into ``school``: the reading's, each learner's
    rules, the same person twice in the file, a person the school has already."""
    today = timezone.localdate()
    problems: list[RowProblem] = []
    for row in rows:
        problems.extend(_row_problems(row, school, today))
    existing = {
        (last.casefold(), first.casefold(), born)
        for last, first, born in Learner.objects.filter(school=school).values_list(
            "last_name", "first_name", "date_of_birth"
        )
    }
    seen: dict[tuple[str, str, Any], int] = {}
    for row in rows:
        person = _person(row.fields)
        if not (person[0] and person[1] and person[2]):
            continue
        if person in existing:
            problems.append(
                RowProblem(
                    _("The school already has %(name)s, born %(date)s.")
                    % {"name": row.full_name, "date": person[2].strftime("%d.%m.%Y")},
                    row=row.row,
                )
            )
        elif person in seen:
            problems.append(
                RowProblem(
                    _("The same learner as in row %(row)s.") % {"row": seen[person]},
                    row=row.row,
                )
            )
        else:
            seen[person] = row.row
    return problems


def learners_import(
    *, actor: Any, school: Institution, rows: Sequence[LearnerRow]
) -> list[Learner]:
    """Create a learner of ``school`` for every row, all in one transaction, or none.

    Raises :class:`ImportRefused` listing every problem of every row; one audit event
    records the import with its count.
    """
    _require_writer(actor, school.pk)
    problems = learners_validate(school=school, rows=rows)
    if problems:
        raise ImportRefused(problems)
    if not rows:
        raise ImportRefused([RowProblem(_("The file has no learners."))])
    try:
        with transaction.atomic():
            learners = Learner.objects.bulk_create(
                [Learner(school=school, **_clean_fields(row.fields)) for row in rows]
            )
            audit_record(
                actor=actor,
                action="learners.imported",
                target=school,
                changes={"learners": [None, len(learners)]},
            )
    except IntegrityError as error:
        # Someone added one of these learners between the check and the insert.
        raise ImportRefused(
            [
                RowProblem(
                    _(
                        "Someone added some of these learners at the same moment. Upload the "
                        "file again to see which."
                    )
                )
            ]
        ) from error
    return learners
