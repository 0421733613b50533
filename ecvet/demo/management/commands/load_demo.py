from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from ecvet.demo.build import USERS, build_demo, default_esco_folder


class Command(BaseCommand):
    help = (
        "Create or refresh the demo data (institutions, people, the Carpenter qualification, "
        "the seed's units, the two schools' partnership with its signed MoU, three learners "
        "with their mobilities and Learning Agreements: one being signed, one abroad now, one "
        "back home). ESCO is "
        "imported from ../shared/data/esco/ when it is there and not imported yet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--without-esco",
            action="store_true",
            help="Do not import ESCO (the units are then linked only to ESCO skills already "
            "imported).",
        )

    def handle(self, *args: Any, without_esco: bool = False, **options: Any) -> None:
        password = settings.DEMO_PASSWORD
        build_demo(password=password, esco_folder=None if without_esco else default_esco_folder())
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Log in with:"))
        width = max(len(person.username) for person in USERS)
        for person in USERS:
            self.stdout.write(
                f"  {person.username:<{width}}  {password}   {person.first_name} "
                f"{person.last_name}, {person.describes}"
            )
