"""The one error type of the importer: a problem with the document, said in Norwegian."""

from __future__ import annotations


class ImportProblem(Exception):
    """A document that cannot be read, with a message a user can act on.

    `where` says where in the document or the import it happened ("side 3", "word/document.xml",
    "tekstuttrekk"), when that helps; it is shown before the message.
    """

    def __init__(self, message: str, *, where: str = "") -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)

    def __reduce__(self):
        # Keyword-only arguments do not survive the default exception pickling (task queues).
        return (_rebuild, (type(self), self.message, self.where))


def _rebuild(cls: type[ImportProblem], message: str, where: str) -> ImportProblem:
    return cls(message, where=where)
