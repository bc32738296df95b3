"""Password hashing: Argon2id with OWASP's minimum parameters (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1).

Django's own Argon2 hasher defaults to 100 MiB and 8 lanes; its PBKDF2 hasher to 1,000,000 SHA-256 iterations,
about 0.25–0.6 s of CPU per log-in on this kind of 2-core server, which at two log-ins a second during the peak
week is a whole core. Argon2id at OWASP's parameters costs ~35 ms of CPU and 19 MiB of memory per hash, and being
memory-hard it costs an attacker with GPUs more per guess than PBKDF2 does (docs/security.md). Hashes stored with
PBKDF2 (or with other Argon2 parameters) still verify and are rewritten with these on the next log-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2idHasher(Argon2PasswordHasher):
    # the algorithm name stays "argon2": hashes carry their own parameters, so any Argon2 hash verifies, and one
    # with other parameters than these is upgraded on log-in (must_update)
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
