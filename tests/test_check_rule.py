"""footdrop.testing.check_rule: it passes good rules and catches each broken guarantee."""

from __future__ import annotations

import attrs
import pytest

from footdrop.progression import (
    DEFAULT_RULES,
    Proposal,
    is_gated,
    qualifying_days,
    register_rule,
    session_days,
    since_change,
)
from footdrop.testing import check_rule

EXAMPLES = 60


def _room(p, lever):
    allowed = p.range_of(lever)
    return allowed is not None and getattr(p.current, lever) < allowed.max


@register_rule("test-two-levers")
@attrs.frozen
class TwoLevers:
    """Moves reps and sets at once, as a list of two proposals."""

    def propose(self, p, history, *, on):
        if _room(p, "reps") and _room(p, "sets"):
            return [
                Proposal(lever="reps", value=p.current.reps + 1, reason="More reps."),
                Proposal(lever="sets", value=p.current.sets + 1, reason="More sets."),
            ]
        return None


@register_rule("test-past-ceiling")
@attrs.frozen
class PastCeiling:
    """Adds three reps with good evidence, even past the top of the range."""

    def propose(self, p, history, *, on):
        window = since_change(p, history)
        if (
            "reps" in p.levers
            and len(qualifying_days(p, history)) >= 2
            and not any(is_gated(log) for log in window)
        ):
            return Proposal(lever="reps", value=p.current.reps + 3, reason="Three more.")
        return None


@register_rule("test-through-pain")
@attrs.frozen
class ThroughPain:
    """Counts every session day with a set done, painful or not."""

    def propose(self, p, history, *, on):
        days = session_days(since_change(p, history))
        done = [day for day, logs in days if all(log.sets >= 1 for log in logs)]
        if _room(p, "reps") and len(done) >= 2:
            return Proposal(lever="reps", value=p.current.reps + 1, reason="One more.")
        return None


@register_rule("test-no-evidence")
@attrs.frozen
class NoEvidence:
    """Progresses with no logs at all."""

    def propose(self, p, history, *, on):
        if _room(p, "sets"):
            return Proposal(lever="sets", value=p.current.sets + 1, reason="Why not.")
        return None


@register_rule("test-harder-step-down")
@attrs.frozen
class HarderStepDown:
    """A regression rule whose step down adds a set."""

    def propose(self, p, history, *, on):
        return None

    def step_down(self, p, history, *, on):
        if _room(p, "sets"):
            return Proposal(lever="sets", value=p.current.sets + 1, reason="Down, it says.")
        return None


@attrs.frozen
class Unregistered:
    """Never registered with register_rule."""

    def propose(self, p, history, *, on):
        return None


@register_rule("test-mutable")
@attrs.define
class Mutable:
    """Not frozen."""

    count: int = 0

    def propose(self, p, history, *, on):
        return None


class TestGoodRules:
    @pytest.mark.parametrize("rule", DEFAULT_RULES, ids=lambda r: type(r).__name__)
    def test_built_in_rules_pass(self, rule):
        """Every built-in rule keeps every guarantee."""
        assert check_rule(rule, max_examples=EXAMPLES) is None


@register_rule("test-five-reps")
@attrs.frozen
class FiveReps:
    """Adds 5 reps a step, with good evidence."""

    def propose(self, p, history, *, on):
        if not _room(p, "reps"):
            return None
        days = qualifying_days(p, history, on=on)[-2:]
        met = all(
            r is not None and r >= p.current.reps
            for _, logs in days
            for log in logs
            for r in log.reps_per_set
        )
        if _room(p, "reps") and len(days) >= 2 and met:
            new = min(p.current.reps + 5, p.dose.reps.max)
            return Proposal(lever="reps", value=new, reason="Five more.")
        return None


@register_rule("test-ignores-reps-done")
@attrs.frozen
class IgnoresRepsDone:
    """Raises reps after 2 good days whether or not the reps were done."""

    def propose(self, p, history, *, on):
        days = qualifying_days(p, history, baseline_pain=5, on=on)
        if any(is_gated(log, baseline_pain=5) for log in since_change(p, history)):
            return None
        if _room(p, "reps") and len(days) >= 2:
            return Proposal(lever="reps", value=p.current.reps + 1, reason="One more.")
        return None


@register_rule("test-skips-rungs")
@attrs.frozen
class SkipsRungs:
    """Jumps straight to the hardest support rung after 2 good days."""

    def propose(self, p, history, *, on):
        rungs = p.dose.support
        if rungs is None or p.current.support is None or p.current.support is rungs.hardest:
            return None
        if len(qualifying_days(p, history, on=on)) >= 2:
            return Proposal(lever="support", value=rungs.hardest, reason="Hardest now.")
        return None


@register_rule("test-ignores-missing-pain")
@attrs.frozen
class IgnoresMissingPain:
    """Counts days without a pain report as evidence."""

    def propose(self, p, history, *, on):
        days = session_days(
            log
            for log in since_change(p, history)
            if log.on < on and not is_gated(log, baseline_pain=5)
        )
        if _room(p, "reps") and len(days) >= 2:
            return Proposal(lever="reps", value=p.current.reps + 1, reason="One more.")
        return None


def _reps_met(p, days):
    return all(
        r is not None and r >= p.current.reps
        for _, logs in days
        for log in logs
        for r in log.reps_per_set
    )


@register_rule("test-ignores-falls")
@attrs.frozen
class IgnoresFalls:
    """Judges pain and next-morning pain, but not falls."""

    def propose(self, p, history, *, on):
        if not _room(p, "reps"):
            return None
        window = since_change(p, history)
        if any(
            (log.pain is not None and log.pain > 5)
            or (log.pain_next_morning is not None and log.pain_next_morning > 5)
            for log in window
        ):
            return None
        fine = [
            (day, logs)
            for day, logs in session_days(window)
            if all(log.on < on and log.pain is not None and log.sets >= 1 for log in logs)
        ]
        days = fine[-2:]
        if len(days) == 2 and _reps_met(p, days):
            return Proposal(lever="reps", value=p.current.reps + 1, reason="One more.")
        return None


@register_rule("test-ignores-next-morning")
@attrs.frozen
class IgnoresNextMorning:
    """Judges pain during the exercise and falls, but not the next morning."""

    def propose(self, p, history, *, on):
        if not _room(p, "reps"):
            return None
        window = since_change(p, history)
        if any(log.fell or (log.pain is not None and log.pain > 5) for log in window):
            return None
        days = [
            (day, logs)
            for day, logs in session_days(window)
            if all(log.on < on and log.pain is not None and log.sets >= 1 for log in logs)
        ][-2:]
        if len(days) == 2 and _reps_met(p, days):
            return Proposal(lever="reps", value=p.current.reps + 1, reason="One more.")
        return None


@register_rule("test-ignores-sides")
@attrs.frozen
class IgnoresSides:
    """Counts a day of each-side work when only one side was logged."""

    def propose(self, p, history, *, on):
        if not _room(p, "reps"):
            return None
        window = since_change(p, history)
        if any(is_gated(log, baseline_pain=5) for log in window):
            return None
        days = [
            (day, logs)
            for day, logs in session_days(window)
            if all(log.on < on and log.pain is not None and log.sets >= 1 for log in logs)
        ][-2:]
        if len(days) == 2 and _reps_met(p, days):
            return Proposal(lever="reps", value=p.current.reps + 1, reason="One more.")
        return None


class TestHarmfulRules:
    @pytest.mark.parametrize(
        ("rule", "guarantee"),
        [
            (FiveReps(), "no step further than the limits"),
            (IgnoresRepsDone(), "no progression without the target met"),
            (SkipsRungs(), "one support rung per step"),
            (IgnoresMissingPain(), "no progression without 2 qualifying session days"),
            (IgnoresFalls(), "no progression through pain, next-morning pain or a fall"),
            (IgnoresNextMorning(), "no progression through pain, next-morning pain or a fall"),
            (IgnoresSides(), "no progression without 2 qualifying session days"),
        ],
        ids=lambda v: type(v).__name__ if not isinstance(v, str) else "",
    )
    def test_harmful_rule_fails_with_the_reason(self, rule, guarantee):
        """The issue's harmful rules (5 reps a step, reps not done, skipped rungs) are caught."""
        with pytest.raises(AssertionError) as info:
            check_rule(rule, max_examples=300)
        assert f"broken guarantee: {guarantee}" in str(info.value)


class TestBadRules:
    @pytest.mark.parametrize(
        ("rule", "guarantee"),
        [
            (TwoLevers(), "at most one lever per exercise per step"),
            (PastCeiling(), "nothing passes a ceiling"),
            (ThroughPain(), "no progression through pain, next-morning pain or a fall"),
            (NoEvidence(), "no progression without 2 qualifying session days"),
            (HarderStepDown(), "a step down makes one lever easier"),
        ],
        ids=lambda v: type(v).__name__ if not isinstance(v, str) else "",
    )
    def test_broken_guarantee_is_named_with_an_example(self, rule, guarantee):
        """check_rule fails with the broken guarantee and a minimal example."""
        with pytest.raises(AssertionError) as info:
            check_rule(rule, max_examples=200)
        message = str(info.value)
        assert f"broken guarantee: {guarantee}" in message
        assert "Minimal example:" in message
        assert "prescription:" in message
        logs = [line for line in message.splitlines() if line.startswith("    - ")]
        assert len(logs) <= 4

    def test_unregistered_rule_is_refused(self):
        """A rule must be registered so it travels in JSON."""
        with pytest.raises(AssertionError, match="register_rule"):
            check_rule(Unregistered())

    def test_mutable_rule_is_refused(self):
        """A rule must be immutable."""
        with pytest.raises(AssertionError, match="immutable"):
            check_rule(Mutable())

    def test_not_attrs_is_refused(self):
        """A plain object is not a rule."""
        with pytest.raises(AssertionError, match="attrs class"):
            check_rule(object())
