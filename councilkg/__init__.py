"""Shared pieces of councilkg: the error family and the settings table."""
from councilkg.errors import CouncilKGError
from councilkg.settings import Settings, get_settings

__all__ = ["CouncilKGError", "Settings", "get_settings"]
__version__ = "0.1.0"
