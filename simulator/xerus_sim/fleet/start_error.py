"""A reason the simulator cannot start, told to the user in one line (exit status 3)."""


class StartError(RuntimeError):
    pass
