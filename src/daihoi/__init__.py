"""daihoi: preparing and running a Party congress."""

__version__ = "0.1.0"
