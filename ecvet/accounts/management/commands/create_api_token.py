from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecvet.accounts.models import User
from ecvet.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME and print it as the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user named {username!r}.") from exc
        token, secret = api_token_create(user=user, name=name)
        self.stderr.write(f"Token {token.name!r} created for {user.username}; it is shown once:")
        self.stdout.write(secret)
