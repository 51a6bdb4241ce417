"""Exceptions raised by qedge.

Every error qedge raises derives from :class:`QdrantError`. Bad input (a
model that fails validation, malformed JSON text, a limit exceeded) raises
:class:`ValidationError`, which is also a :class:`ValueError`. Errors of the
edge shard have their own subclasses, chosen by the C error code:

=================  ==========================  ==========================
code               class                       also a
=================  ==========================  ==========================
EINVAL EPARSE      ValidationError             ValueError
ELIMIT
ENOTFOUND          NotFoundError               LookupError
EEXIST             AlreadyExistsError          FileExistsError
EBUSY              ShardBusyError              BlockingIOError
EUNSUPPORTED       UnsupportedError            NotImplementedError
ESTATE             ShardStateError             RuntimeError
ECORRUPT           CorruptedError
=================  ==========================  ==========================

Using a shard after :meth:`close` raises :class:`ShardClosedError`, a
:class:`ShardStateError`; writing to a read-only shard raises
ShardStateError itself.

The C extension imports this module when it loads and raises these classes
itself, filling ``message``, ``path`` and ``code``.
"""

from typing import Dict, Optional, Type

__all__ = [
    "QdrantError",
    "ValidationError",
    "NotFoundError",
    "AlreadyExistsError",
    "ShardBusyError",
    "UnsupportedError",
    "ShardStateError",
    "ShardClosedError",
    "CorruptedError",
    "UnexpectedResponse",
    "ResponseHandlingException",
]


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


class NotFoundError(QdrantError, LookupError):
    """The named thing does not exist: no shard in a directory, or a point
    an update names by id."""


class AlreadyExistsError(QdrantError, FileExistsError):
    """Creating something that is already there, such as a shard in a
    directory that holds one."""


class ShardBusyError(QdrantError, BlockingIOError):
    """Another process holds the shard's writer lock."""


class UnsupportedError(QdrantError, NotImplementedError):
    """A valid request this engine does not answer (yet); the message names
    what, for example the query variant."""


class ShardStateError(QdrantError, RuntimeError):
    """The shard cannot do this in its state: a write to a shard opened
    read-only, or any call after close (:class:`ShardClosedError`)."""


class ShardClosedError(ShardStateError):
    """The shard was used after :meth:`close`."""


class CorruptedError(QdrantError):
    """Stored files failed a checksum or format check."""


class UnexpectedResponse(QdrantError):
    """The server answered with an error status (qdrant-client's class of the
    same name and arguments).

    Attributes:
        status_code: the HTTP status, e.g. 404.
        reason_phrase: its standard phrase, e.g. "Not Found".
        content: the raw body (bytes); Qdrant puts its message in
            ``{"status": {"error": ...}}``.
        headers: response headers, names in lower case.
    """

    def __init__(self, status_code: Optional[int], reason_phrase: str, content: bytes,
                 headers: Optional[Dict[str, str]] = None) -> None:
        self.status_code = status_code
        self.reason_phrase = reason_phrase
        self.content = content
        self.headers = dict(headers or {})
        super().__init__(self._describe(), "", "EHTTP")

    def _describe(self) -> str:
        detail = ""
        try:
            import json

            detail = json.loads(self.content)["status"]["error"]
        except Exception:  # not Qdrant's envelope: show the raw bytes
            detail = repr(self.content[:500])
        return f"Unexpected Response: {self.status_code} ({self.reason_phrase})\n{detail}"

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        return (type(self), (self.status_code, self.reason_phrase, self.content, self.headers))


class ResponseHandlingException(QdrantError):
    """No usable answer arrived: the connection failed or was reset, the
    timeout ran out, or the answer was not Qdrant's JSON. ``source`` is the
    underlying error (a ``ConnectionError``, ``TimeoutError`` or
    ``ValueError``), as qdrant-client's class of the same name holds it."""

    def __init__(self, source: BaseException, code: Optional[str] = None) -> None:
        self.source = source
        super().__init__(str(source), "", code)

    def __reduce__(self):
        return (type(self), (self.source, self.code))


#: Exception class per C error code name; codes not listed raise
#: QdrantError (ENOMEM raises MemoryError). Read by the C extension.
CODE_CLASSES: Dict[str, Type[QdrantError]] = {
    "EINVAL": ValidationError,
    "EPARSE": ValidationError,
    "ELIMIT": ValidationError,
    "ENOTFOUND": NotFoundError,
    "EEXIST": AlreadyExistsError,
    "EBUSY": ShardBusyError,
    "EUNSUPPORTED": UnsupportedError,
    "ESTATE": ShardStateError,
    "ECORRUPT": CorruptedError,
}
