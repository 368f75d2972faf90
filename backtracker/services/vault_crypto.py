"""The photo vault's cryptography: one file format, one key derivation, no Qt, no database.

Every choice here is PyCA `cryptography`'s, never our own cipher:

- **Key derivation:** scrypt (RFC 7914) with a random 16-byte salt and N = 2^17, r = 8,
  p = 1 (128 MiB of memory, about 0.4 s here), stored beside the wrapped key so a vault made
  with other parameters still opens. The passphrase is NFC-normalised UTF-8, so the same
  words typed on another keyboard give the same key.
- **Keys:** the files are sealed with a random 256-bit data key. The passphrase's key only
  wraps it (AES-256-GCM over the data key, with its own nonce), so changing the passphrase
  rewrites one small record and no photo. A wrong passphrase fails the wrapped key's tag.
- **A sealed file** is `MAGIC` (8 bytes), a random 96-bit nonce, then the AES-256-GCM
  ciphertext and its 128-bit tag. The associated data is `MAGIC` plus the file's label
  (`photos/<name>` or `thumbnails/<name>`), so a file that was changed, cut short or swapped
  for another sealed file fails its tag. No photo format starts with `MAGIC` (JPEG starts
  FF D8, PNG 89 50, WEBP "RIFF"), so a file's form is told by its first bytes.
"""

from __future__ import annotations

import base64
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"BTVAULT\x01"
NONCE_BYTES = 12
KEY_BYTES = 32
SALT_BYTES = 16
KEY_LABEL = b"backtracker photo vault data key"

# scrypt's cost. Tests lower SCRYPT_N (tests/conftest.py) so a vault opens in milliseconds;
# the value used is stored with each vault, so a vault always opens with its own.
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
# What we accept from a stored record: enough to be a real KDF, bounded so a damaged or
# hostile database cannot make unlocking take gigabytes of memory.
MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024


class WrongPassphraseError(Exception):
    """The passphrase does not open this vault's key."""


class SealBrokenError(Exception):
    """A sealed file that fails its tag: changed, cut short, or another file's contents."""


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    @classmethod
    def new(cls) -> KdfParams:
        return cls(os.urandom(SALT_BYTES), SCRYPT_N, SCRYPT_R, SCRYPT_P)

    def to_json(self) -> dict[str, object]:
        return {"kdf": "scrypt", "salt": b64(self.salt), "n": self.n, "r": self.r, "p": self.p}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> KdfParams:
        """Raises ValueError for anything but sane scrypt parameters."""
        if data.get("kdf") != "scrypt":
            raise ValueError(f"unknown key derivation {data.get('kdf')!r}")
        n, r, p = (data.get(name) for name in ("n", "r", "p"))
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (n, r, p)):
            raise ValueError("scrypt parameters are not whole numbers")
        assert isinstance(n, int) and isinstance(r, int) and isinstance(p, int)
        if n < 2 or n & (n - 1) or r < 1 or p < 1 or 128 * n * r * p > MAX_SCRYPT_MEMORY:
            raise ValueError("scrypt parameters out of range")
        salt = unb64(data.get("salt"))
        if len(salt) < SALT_BYTES:
            raise ValueError("scrypt salt too short")
        return cls(salt, n, r, p)


def derive(passphrase: str, params: KdfParams) -> bytes:
    """The 256-bit key of a passphrase (scrypt; about 0.4 s at the default cost)."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    kdf = Scrypt(salt=params.salt, length=KEY_BYTES, n=params.n, r=params.r, p=params.p)
    return kdf.derive(secret)


def new_data_key() -> bytes:
    return os.urandom(KEY_BYTES)


def _aead(key: bytes) -> AESGCM:
    """AES-256-GCM (imported on first use: `cryptography` stays off the start-up path)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _invalid_tag() -> type[Exception]:
    from cryptography.exceptions import InvalidTag

    return InvalidTag


def wrap_key(passphrase_key: bytes, data_key: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + _aead(passphrase_key).encrypt(nonce, data_key, KEY_LABEL)


def unwrap_key(passphrase_key: bytes, wrapped: bytes) -> bytes:
    """The data key; raises WrongPassphraseError when the passphrase's key does not open it."""
    nonce, body = wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:]
    try:
        key = _aead(passphrase_key).decrypt(nonce, body, KEY_LABEL)
    except (_invalid_tag(), ValueError):
        raise WrongPassphraseError from None
    if len(key) != KEY_BYTES:
        raise WrongPassphraseError
    return key


def label_of(path: Path) -> str:
    """What a file is sealed to: its folder's name and its own (`photos/ab12….jpg`)."""
    return f"{path.parent.name}/{path.name}"


def is_sealed(data: bytes) -> bool:
    return data[: len(MAGIC)] == MAGIC


def seal(key: bytes, data: bytes, label: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + _aead(key).encrypt(nonce, data, MAGIC + label.encode("utf-8"))


def unseal(key: bytes, sealed: bytes, label: str) -> bytes:
    """The plaintext of a sealed file; raises SealBrokenError when it fails its tag."""
    start = len(MAGIC)
    nonce, body = sealed[start : start + NONCE_BYTES], sealed[start + NONCE_BYTES :]
    if len(nonce) < NONCE_BYTES or len(body) < 16:
        raise SealBrokenError
    try:
        return _aead(key).decrypt(nonce, body, MAGIC + label.encode("utf-8"))
    except _invalid_tag():
        raise SealBrokenError from None


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object) -> bytes:
    """Raises ValueError."""
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise ValueError("not base64 text") from None
