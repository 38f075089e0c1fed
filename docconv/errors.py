"""The exceptions docconv raises. Every one names the problem in its message."""

from __future__ import annotations


class DocconvError(Exception):
    """Base class of every error docconv raises on purpose."""


class InputError(DocconvError):
    """The input cannot be read as an article: empty, blank, binary or undecodable."""


class EncodingError(InputError):
    """The bytes decode in none of the supported encodings."""


class FormatError(DocconvError):
    """An unknown output format or a bad writer option."""


class WriteError(DocconvError):
    """A writer failed to produce its output."""
