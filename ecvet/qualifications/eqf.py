"""The EQF level descriptors (Recommendation of 22 May 2017, Annex II), shown as help."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EqfLevel:
    level: int
    knowledge: str | Promise
    skills: str | Promise
    responsibility: str | Promise


EQF_LEVELS = (
    EqfLevel(
        1,
        _("Basic general knowledge"),
        _("Basic skills required to carry out simple tasks"),
        _("Work or study under direct supervision in a structured context"),
    ),
    EqfLevel(
        2,
        _("Basic factual knowledge of a field of work or study"),
        _(
            "Basic cognitive and practical skills required to use relevant information in "
            "order to carry out tasks and to solve routine problems using simple rules and tools"
        ),
        _("Work or study under supervision with some autonomy"),
    ),
    EqfLevel(
        3,
        _(
            "Knowledge of facts, principles, processes and general concepts, in a field of work "
            "or study"
        ),
        _(
            "A range of cognitive and practical skills required to accomplish tasks and solve "
            "problems by selecting and applying basic methods, tools, materials and information"
        ),
        _(
            "Take responsibility for completion of tasks in work or study; adapt own behaviour "
            "to circumstances in solving problems"
        ),
    ),
    EqfLevel(
        4,
        _("Factual and theoretical knowledge in broad contexts within a field of work or study"),
        _(
            "A range of cognitive and practical skills required to generate solutions to "
            "specific problems in a field of work or study"
        ),
        _(
            "Exercise self-management within the guidelines of work or study contexts that are "
            "usually predictable, but are subject to change; supervise the routine work of "
            "others, taking some responsibility for the evaluation and improvement of work or "
            "study activities"
        ),
    ),
    EqfLevel(
        5,
        _(
            "Comprehensive, specialised, factual and theoretical knowledge within a field of "
            "work or study and an awareness of the boundaries of that knowledge"
        ),
        _(
            "A comprehensive range of cognitive and practical skills required to develop "
            "creative solutions to abstract problems"
        ),
        _(
            "Exercise management and supervision in contexts of work or study activities "
            "where there is unpredictable change; review and develop performance of self and "
            "others"
        ),
    ),
    EqfLevel(
        6,
        _(
            "Advanced knowledge of a field of work or study, involving a critical understanding "
            "of theories and principles"
        ),
        _(
            "Advanced skills, demonstrating mastery and innovation, required to solve complex "
            "and unpredictable problems in a specialised field of work or study"
        ),
        _(
            "Manage complex technical or professional activities or projects, taking "
            "responsibility for decision-making in unpredictable work or study contexts; take "
            "responsibility for managing professional development of individuals and groups"
        ),
    ),
    EqfLevel(
        7,
        _(
            "Highly specialised knowledge, some of which is at the forefront of knowledge in a "
            "field of work or study, as the basis for original thinking and/or research; "
            "critical awareness of knowledge issues in a field and at the interface between "
            "different fields"
        ),
        _(
            "Specialised problem-solving skills required in research and/or innovation in "
            "order to develop new knowledge and procedures and to integrate knowledge from "
            "different fields"
        ),
        _(
            "Manage and transform work or study contexts that are complex, unpredictable and "
            "require new strategic approaches; take responsibility for contributing to "
            "professional knowledge and practice and/or for reviewing the strategic "
            "performance of teams"
        ),
    ),
    EqfLevel(
        8,
        _(
            "Knowledge at the most advanced frontier of a field of work or study and at the "
            "interface between fields"
        ),
        _(
            "The most advanced and specialised skills and techniques, including synthesis and "
            "evaluation, required to solve critical problems in research and/or innovation "
            "and to extend and redefine existing knowledge or professional practice"
        ),
        _(
            "Demonstrate substantial authority, innovation, autonomy, scholarly and "
            "professional integrity and sustained commitment to the development of new ideas "
            "or processes at the forefront of work or study contexts including research"
        ),
    ),
)


def eqf_level(level: int | None) -> EqfLevel | None:
    return next((item for item in EQF_LEVELS if item.level == level), None)
