"""A file field whose stored name is the SHA-256 of the file's bytes (materials/<sha256>.pdf).

A name that says what the file holds is never written again with other bytes, on a disk or in a
bucket (dxportal/media_storage.py), and two app servers can never race to write different files
under one name. Whatever the file was called on the uploader's computer is not kept in the name.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.db import models
from django.db.models.fields.files import FieldFile


class ContentAddressedFieldFile(FieldFile):
    def save(self, name, content, save=True) -> None:
        digest = hashlib.sha256()
        for chunk in content.chunks():
            digest.update(chunk)
        super().save(f"{digest.hexdigest()}{PurePath(name).suffix.lower()}", content, save)


class ContentAddressedFileField(models.FileField):
    attr_class = ContentAddressedFieldFile
