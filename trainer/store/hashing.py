"""Salted slow hashes for secrets kept in the store: the staff passphrase and account passwords.

``method$params$salt$hash`` strings, scrypt where ``hashlib`` has it (PBKDF2
otherwise). Its own module so that checking whether a store has accounts, at
every start, does not import the interview records.
"""

from __future__ import annotations

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
PBKDF2_ROUNDS = 600_000


def hash_secret(secret: str, salt: bytes, like: str | None = None) -> str:
    """``method$params$salt$hash``; with ``like``, the method, parameters and salt of that hash."""
    import hashlib  # here, not at import: OpenSSL loads in ~1.5 ms, and every start imports this module

    data = secret.encode("utf-8", "surrogatepass")
    parts = like.split("$") if like else []
    if parts and parts[0] == "pbkdf2_sha256" or not parts and not hasattr(hashlib, "scrypt"):
        rounds, salt = (int(parts[1]), bytes.fromhex(parts[2])) if parts else (PBKDF2_ROUNDS, salt)
        digest = hashlib.pbkdf2_hmac("sha256", data, salt, rounds)
        return f"pbkdf2_sha256${rounds}${salt.hex()}${digest.hex()}"
    n, r, p = (int(x) for x in parts[1:4]) if parts else (SCRYPT_N, SCRYPT_R, SCRYPT_P)
    salt = bytes.fromhex(parts[4]) if parts else salt
    digest = hashlib.scrypt(data, salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"
