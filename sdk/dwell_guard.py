"""`imperal_sdk.dwell_guard`: notice when an agent loop is stuck on one item.

Each `step` scores the loop with an energy function V = alpha*(1-coverage)^2 + beta*error^2 +
gamma*(dwell beyond the limit)^2 and raises an alarm (`is_limit_cycle`) when the loop has
stayed on one item too long without gaining coverage, or went too deep into sub-tasks.
Pure and local. `GNCLyapunovGuard` / `GNCEnergyState` are the same classes (`sdk.gnc_guard`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

__all__ = ["DwellGuard", "DwellGuardStep"]


@dataclass
class DwellGuardStep:
    step: int
    timestamp: float
    active_entity_id: str | None
    macro_coverage: float
    micro_error: float
    dwell_steps: int
    v_macro: float
    v_micro: float
    v_barrier: float
    v_total: float
    delta_v: float
    is_limit_cycle: bool
    alarm_reason: str | None = None


class DwellGuard:
    def __init__(
        self,
        alpha: float = 10.0,
        beta: float = 1.0,
        gamma: float = 5.0,
        max_dwell_steps: int = 12,
        max_subtask_depth: int = 2,
    ):
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.max_dwell_steps = max_dwell_steps
        self.max_subtask_depth = max_subtask_depth
        self.history: list[DwellGuardStep] = []
        self._current_subtask_depth = 1
        self._last_active_entity: str | None = None
        self._entity_dwell_counter = 0
        self._last_macro_coverage = 0.0

    def step(
        self,
        macro_coverage: float,
        active_entity_id: str | None,
        micro_error: float = 0.0,
        subtask_depth: int = 1,
    ) -> DwellGuardStep:
        first = not self.history
        moved_on = active_entity_id != self._last_active_entity
        progressed = macro_coverage > self._last_macro_coverage
        if first or moved_on or progressed:
            self._entity_dwell_counter = 1
        else:
            self._entity_dwell_counter += 1
        dwell = self._entity_dwell_counter
        self._last_active_entity = active_entity_id
        self._last_macro_coverage = macro_coverage
        self._current_subtask_depth = subtask_depth

        v_macro = self.alpha * max(0.0, 1.0 - macro_coverage) ** 2
        v_micro = self.beta * micro_error**2
        overshoot = max(0, dwell - self.max_dwell_steps)
        v_barrier = self.gamma * overshoot**2
        v_total = v_macro + v_micro + v_barrier
        delta_v = 0.0 if first else v_total - self.history[-1].v_total

        reason = None
        if subtask_depth > self.max_subtask_depth:
            reason = (
                f"sub-task depth {subtask_depth} is over the limit of {self.max_subtask_depth}: "
                "record the blocker and go back to the current item"
            )
        elif overshoot:
            reason = (
                f"{dwell} steps on {active_entity_id!r} with no coverage gain (limit "
                f"{self.max_dwell_steps}): switch to another item or record a blocker"
            )
        record = DwellGuardStep(
            step=len(self.history) + 1,
            timestamp=time.time(),
            active_entity_id=active_entity_id,
            macro_coverage=macro_coverage,
            micro_error=micro_error,
            dwell_steps=dwell,
            v_macro=v_macro,
            v_micro=v_micro,
            v_barrier=v_barrier,
            v_total=v_total,
            delta_v=delta_v,
            is_limit_cycle=reason is not None,
            alarm_reason=reason,
        )
        self.history.append(record)
        return record
