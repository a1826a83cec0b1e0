"""The file-system storage of uploaded and generated files, written so that a file under its
name is always whole.

Django's FileSystemStorage writes straight to the final name: a server killed (or a disk
filling up) in the middle leaves half a file where a whole one is expected. Here the content is
written under a partial name in the same folder and then linked to its name in one step, so a
file is either all there or not there at all; what a crash leaves is a partial file, which
`manage.py sweep_evidence_files` removes with the other files that no row names.
"""

import os
import posixpath
import uuid

from django.core.files.storage import FileSystemStorage

PARTIAL_PREFIX = ".partial-"


def is_partial(name: str) -> bool:
    """Whether a stored name is a write that never finished."""
    return posixpath.basename(name).startswith(PARTIAL_PREFIX)


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        partial = posixpath.join(posixpath.dirname(name), f"{PARTIAL_PREFIX}{uuid.uuid4().hex}")
        try:
            partial = super()._save(partial, content)  # type: ignore[misc]  # not in the stubs
        except BaseException:
            # A write that failed (a full disk) leaves nothing; only a killed process does.
            if os.path.exists(self.path(partial)):
                os.remove(self.path(partial))
            raise
        if self._allow_overwrite:  # type: ignore[attr-defined]  # not in the stubs
            # Asked for (allow_overwrite=True): the new file replaces the old one in one step.
            os.replace(self.path(partial), self.path(name))
            return name
        try:
            while True:
                try:
                    # A hard link never replaces a file that appeared meanwhile (os.replace would).
                    os.link(self.path(partial), self.path(name))
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
        finally:
            os.remove(self.path(partial))
        return name
