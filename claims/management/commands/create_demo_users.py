import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from claims.models import NotificationPreference
from claims.roles import EDITOR, FACT_CHECKER, roles_ensure

DEMO_USERS = [
    ("factchecker", FACT_CHECKER, "factchecker@newsroom.test"),
    ("editor", EDITOR, "editor@newsroom.test"),
]


class Command(BaseCommand):
    help = "Create (or reset) the demo fact-checker and editor logins and print them."

    def handle(self, *args, **options):
        roles_ensure()
        User = get_user_model()
        self.stdout.write("Demo logins for http://127.0.0.1:8000/admin/ :")
        for username, role, email in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username, defaults={"email": email})
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.is_staff = True
            user.email = user.email or email
            user.save()
            user.groups.add(Group.objects.get(name=role))
            if role == EDITOR:
                NotificationPreference.objects.get_or_create(user=user)
            self.stdout.write(f"  {role:13} user: {username:12} password: {password}")
