"""Encryption of backup archives with BACKUP_ENCRYPTION_KEY (AES-256-GCM, in chunks).

An archive holds password hashes, session keys, TOTP secrets and members' personal data.
It is encrypted as a stream, so memory stays flat however large the media folder is:

    magic | key id (16 bytes) | nonce prefix (7 bytes) | records

Each record is a 4-byte length and one AES-GCM ciphertext of at most CHUNK bytes of the
archive. Its nonce is the prefix, the record's number and a flag set on the last record;
the header is authenticated with every record. So a record cannot be altered, dropped,
reordered or moved to another archive, and a cut archive is detected (no last record).
The key id (an HMAC of a constant under the key) tells a wrong key from a damaged file
before anything is decrypted; it reveals nothing of the key.
"""

import base64
import binascii
import hashlib
import hmac
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.management.base import CommandError

MAGIC = b"PORTAL-BACKUP-AES256GCM-1\n"
CHUNK = 1 << 20
_KEY_ID_LENGTH = 16
_PREFIX_LENGTH = 7
HEADER_LENGTH = len(MAGIC) + _KEY_ID_LENGTH + _PREFIX_LENGTH


def generate_key():
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def load_key(value):
    """The 32-byte key from BACKUP_ENCRYPTION_KEY's text (base64), or CommandError.

    The message never repeats the value: it is a secret even when mistyped."""
    try:
        key = base64.urlsafe_b64decode(value.strip().encode())
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise CommandError(
            "BACKUP_ENCRYPTION_KEY is not a key: it must be 32 random bytes in base64 "
            "(make one with `manage.py backup --generate-key`)."
        )
    return key


def _key_id(key):
    return hmac.new(key, b"portal backup key id", hashlib.sha256).digest()[:_KEY_ID_LENGTH]


def _nonce(prefix, number, last):
    return prefix + struct.pack(">IB", number, 1 if last else 0)


def is_encrypted(path):
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


class EncryptingWriter:
    """A write-only file object: what is written goes to `raw`, encrypted."""

    def __init__(self, raw, key):
        self._raw = raw
        self._aead = AESGCM(key)
        self._prefix = os.urandom(_PREFIX_LENGTH)
        self._header = MAGIC + _key_id(key) + self._prefix
        self._buffer = bytearray()
        self._number = 0
        raw.write(self._header)

    def write(self, data):
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._record(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _record(self, plain, last):
        sealed = self._aead.encrypt(_nonce(self._prefix, self._number, last), plain, self._header)
        self._raw.write(struct.pack(">I", len(sealed)) + sealed)
        self._number += 1

    def close(self):
        """Write the last record (possibly empty): without it the archive reads as cut."""
        self._record(bytes(self._buffer), last=True)
        self._buffer.clear()

    def flush(self):
        self._raw.flush()


class DecryptingReader:
    """A read-only file object over an encrypted archive; `finish()` after the last read
    proves the archive was whole."""

    def __init__(self, raw, key):
        self._raw = raw
        header = raw.read(HEADER_LENGTH)
        if not header.startswith(MAGIC):
            raise CommandError("This file is not an encrypted portal backup.")
        if not hmac.compare_digest(header[len(MAGIC) : -_PREFIX_LENGTH], _key_id(key)):
            raise CommandError(
                "This backup was encrypted with another key: BACKUP_ENCRYPTION_KEY does not "
                "match it. Nothing was changed."
            )
        self._header = header
        self._prefix = header[-_PREFIX_LENGTH:]
        self._aead = AESGCM(key)
        self._number = 0
        self._plain = b""
        self._offset = 0
        self._ended = False

    def _next_record(self):
        size = self._raw.read(4)
        if len(size) < 4:
            raise CommandError("The backup is cut short (its end is missing). Nothing was changed.")
        (length,) = struct.unpack(">I", size)
        if length > CHUNK + 16:
            raise CommandError("The backup is damaged. Nothing was changed.")
        sealed = self._raw.read(length)
        for last in (False, True):
            try:
                plain = self._aead.decrypt(
                    _nonce(self._prefix, self._number, last), sealed, self._header
                )
            except InvalidTag:
                continue
            self._number += 1
            self._ended = last
            return plain
        raise CommandError("The backup is damaged or was altered. Nothing was changed.")

    def read(self, size=-1):
        # An offset into the current record, not a slice of it per read: tarfile reads in
        # 10 KB pieces, and re-slicing a 1 MB record each time would copy it a hundred times.
        while not self._ended and (size < 0 or len(self._plain) - self._offset < size):
            self._plain = self._plain[self._offset :] + self._next_record()
            self._offset = 0
        end = len(self._plain) if size < 0 else self._offset + size
        data = self._plain[self._offset : end]
        self._offset += len(data)
        return data

    def finish(self):
        """Read to the end: every record authentic, the last one present, nothing after it."""
        while self.read(CHUNK):
            pass
        if self._raw.read(1):
            raise CommandError("The backup has data after its end. Nothing was changed.")
