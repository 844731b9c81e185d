"""skuwire offline sandbox: a local server that behaves like WDT flagship,
WDT enterprise and YMCart goods APIs (standard library only)."""
from .faults import KINDS as FAULT_KINDS, Fault
from .server import Credentials, Sandbox
from .cli import main

__all__ = ["Sandbox", "Credentials", "Fault", "FAULT_KINDS", "main"]
__version__ = "0.1.0"
