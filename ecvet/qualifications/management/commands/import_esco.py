from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecvet.qualifications.esco.importing import esco_import
from ecvet.qualifications.esco.reading import EscoFormatError


class Command(BaseCommand):
    help = (
        "Import ESCO skills and occupations: the official CSV download (skills_en.csv, "
        "occupations_en.csv) or the URI + text files (skills-uri-text.csv, "
        "occupations-uri-text.csv). Give files or folders; running it again updates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args: Any, paths: list[Path], **options: Any) -> None:
        try:
            counts = esco_import(paths=paths)
        except EscoFormatError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
        self.stdout.write(self.style.SUCCESS(f"ESCO concepts imported: {summary or 'none'}."))
