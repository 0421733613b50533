from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ecvet.qualifications.esco.importing import esco_import
from ecvet.qualifications.esco.index import esco_skill_suggestions, query_terms, stem
from ecvet.qualifications.esco.reading import EscoFormatError
from ecvet.qualifications.models import EscoConcept, EscoKind

pytestmark = pytest.mark.django_db

SHARED_ESCO = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "esco"
OFFICIAL_HEADER = (
    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,"
    "status,modifiedDate,scopeNote,definition,inScheme,description\n"
)


def official_skills(tmp_path: Path) -> Path:
    path = tmp_path / "skills_en.csv"
    path.write_text(
        OFFICIAL_HEADER
        + "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/aaa,skill/competence,"
        'sector-specific,use hand tools,"operate hand tools\nwork with hand tools",,released,,,'
        '"Use hand tools such as saws, chisels and planes.",,\n'
        + "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/bbb,knowledge,"
        "cross-sector,timber joints,,,released,,,Kinds of joints used in joinery.,,\n",
        encoding="utf-8",
    )
    return path


def test_the_official_csv_is_read_with_its_labels_and_skill_types(tmp_path):
    counts = esco_import(paths=[official_skills(tmp_path)])
    assert counts == {EscoKind.SKILL: 2}
    tools = EscoConcept.objects.get(uri="http://data.europa.eu/esco/skill/aaa")
    assert tools.preferred_label == "use hand tools"
    assert tools.labels.splitlines() == [
        "use hand tools",
        "operate hand tools",
        "work with hand tools",
    ]
    assert tools.skill_type == "skill/competence"
    assert tools.definition.startswith("Use hand tools")


def test_importing_again_updates_instead_of_duplicating(tmp_path):
    path = official_skills(tmp_path)
    esco_import(paths=[path])
    path.write_text(path.read_text().replace("timber joints", "wood joints"), encoding="utf-8")
    esco_import(paths=[path])
    assert EscoConcept.objects.count() == 2
    assert EscoConcept.objects.filter(preferred_label="wood joints").exists()


def test_a_file_in_neither_shape_is_named_and_nothing_is_imported(tmp_path):
    good = official_skills(tmp_path)
    bad = tmp_path / "other.csv"
    bad.write_text("name,value\nx,1\n", encoding="utf-8")
    with pytest.raises(EscoFormatError, match=r"other\.csv"):
        esco_import(paths=[good, bad])
    assert not EscoConcept.objects.exists()
    with pytest.raises(CommandError, match=r"other\.csv"):
        call_command("import_esco", str(bad))


def test_stems_and_joined_neighbours_meet_the_forms_esco_uses():
    assert stem("tools") == stem("tool")
    assert stem("joints") == "joint"
    assert "woodwork" in query_terms("wood work")


def test_the_seed_outcome_gets_woodworking_hand_tool_skills_first():
    if not SHARED_ESCO.exists():
        pytest.fail(f"The ESCO data must be beside the project: {SHARED_ESCO} is missing.")
    counts = esco_import(paths=[SHARED_ESCO])
    assert counts[EscoKind.SKILL] == 13939
    assert counts[EscoKind.OCCUPATION] == 3039
    outcome = (
        "Identify and use different hand tools in accordance to the different kind of wood work"
    )
    suggestions = esco_skill_suggestions(text=outcome)
    top = [s.label for s in suggestions[:3]]
    assert "use hand tools" in top
    assert "woodworking tools" in top
    assert {"hand", "tools"} <= set(suggestions[0].matched)
    carpenter = EscoConcept.objects.get(
        uri="http://data.europa.eu/esco/occupation/2a22ff9e-de3b-408d-b312-5034896cc4f4"
    )
    assert carpenter.kind == EscoKind.OCCUPATION
    assert carpenter.preferred_label.startswith("carpenter")
