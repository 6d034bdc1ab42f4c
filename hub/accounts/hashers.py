"""Argon2id with the parameters OWASP recommends as a minimum (19 MiB, 2 passes, 1 lane).

Django's own defaults (100 MiB, 8 lanes) take about half a second per hash on the two-core servers
the hub is meant for, which makes every sign-in slow and a burst of sign-ins a denial of service.
The algorithm name stays "argon2": hashes made with other parameters still verify, and Django
re-hashes them with these on the next sign-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
