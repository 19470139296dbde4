"""IOC Wall: the desktop control-room client of a provincial Intelligent Operations Center."""

__version__ = "0.1.0"
