"""`imperal_sdk.gnc_guard`: the guidance-and-control names for `sdk.dwell_guard`'s classes."""

from sdk.dwell_guard import DwellGuard as GNCLyapunovGuard
from sdk.dwell_guard import DwellGuardStep as GNCEnergyState

__all__ = ["GNCEnergyState", "GNCLyapunovGuard"]
