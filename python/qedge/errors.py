"""Exceptions raised by qedge.

Every error qedge raises derives from :class:`QdrantError`. Bad input (a
model that fails validation, malformed JSON text, a limit exceeded) raises
:class:`ValidationError`, which is also a :class:`ValueError`.

The C extension imports this module when it loads and raises these classes
itself, filling ``message``, ``path`` and ``code``.
"""

from typing import Optional

__all__ = ["QdrantError", "ValidationError"]


class QdrantError(Exception):
    """Base class of every qedge error.

    Attributes:
        message: what went wrong, without the path.
        path: JSON path of the offending value (``points[3].vector``), or "".
        code: short name of the C error code (``"EINVAL"``, ``"EIO"``, ...),
            or None when the error did not come from the C core.
    """

    def __init__(self, message: str = "", path: str = "", code: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.code = code

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def __reduce__(self):
        return (type(self), (self.message, self.path, self.code))


class ValidationError(QdrantError, ValueError):
    """A value failed validation against a model or a JSON rule.

    ``str(err)`` reads ``"vectors.size: expected an integer >= 1"``; the parts
    are in ``err.path`` and ``err.message``.
    """

    def __init__(self, message: str = "", path: str = "", code: Optional[str] = "EINVAL") -> None:
        super().__init__(message, path, code)
