from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from ecvet.demo.build import USERS, build_demo


class Command(BaseCommand):
    help = "Create or refresh the demo data (institutions, people, the Carpenter qualification)."

    def handle(self, *args: Any, **options: Any) -> None:
        password = settings.DEMO_PASSWORD
        build_demo(password=password)
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Log in with:"))
        width = max(len(person.username) for person in USERS)
        for person in USERS:
            self.stdout.write(
                f"  {person.username:<{width}}  {password}   {person.first_name} "
                f"{person.last_name}, {person.describes}"
            )
