"""A local Status 200 Uploads API, an independent reading of the reference, for tests and demos."""

from .clock import ManualClock, ScaledClock, SystemClock
from .faults import Faults
from .server import EmulatorServer

__all__ = ["EmulatorServer", "Faults", "ManualClock", "ScaledClock", "SystemClock"]
