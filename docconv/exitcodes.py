"""The command's exit codes, in one place: the CLI and the batch library (which must not
import the CLI) both use them."""

EXIT_OK = 0  # all done
EXIT_SOME_FAILED = 1  # some of several inputs failed, the rest were converted
EXIT_USAGE = 2  # usage error, or the single input could not be read or converted


def signal_exit(signum: int) -> int:
    """The shell's convention for a run stopped by a signal: 130 for SIGINT, 143 for SIGTERM."""
    return 128 + signum
