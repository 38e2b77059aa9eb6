"""lvm's own exceptions: the CLI turns each into one line on stderr and exit status 1."""


class LvmError(Exception):
    """Base class for every error a user can cause and fix."""


class InputError(LvmError):
    """A text file or stream that cannot be read as text."""


class DataError(LvmError):
    """Labelled data that is malformed; the message names file and line."""


class ModelError(LvmError):
    """A model file that is missing, damaged, or not one lvm wrote."""


class LvmWarning(UserWarning):
    """Something the user should know, that does not stop the work."""
