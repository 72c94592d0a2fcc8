"""`compare` freezes what its imports made so the garbage collector skips it for the rest of
the command, and unfreezes it when the command ends, however it ends: a process that runs the
command in itself (as these tests do) must not keep its later garbage out of the collector's
reach."""

from __future__ import annotations

import gc

from click.testing import CliRunner

from dashboard.cli import main
from dashboard.sample import SAMPLE_NETWORK_COUNTS


def _frozen_after(args: list[str]) -> tuple[int, int]:
    gc.unfreeze()
    result = CliRunner().invoke(main, args)
    return result.exit_code, gc.get_freeze_count()


def test_nothing_stays_frozen_after_a_comparison():
    args = ["compare", "--counts", str(SAMPLE_NETWORK_COUNTS), "--indicator", "WRES2", "--json"]
    assert _frozen_after(args) == (0, 0)


def test_nothing_stays_frozen_after_a_refusal(tmp_path):
    empty = tmp_path / "network.csv"
    empty.write_text("Organisation,Year,Indicator,Group,Numerator,Denominator\n")
    assert _frozen_after(["compare", "--counts", str(empty), "--indicator", "WRES2"]) == (2, 0)


def test_the_comparison_freezes_while_it_runs(monkeypatch):
    seen = []
    import metrics.compare.values as values_module

    real = values_module.network_values

    def watched(*args, **kwargs):
        seen.append(gc.get_freeze_count())
        return real(*args, **kwargs)

    monkeypatch.setattr(values_module, "network_values", watched)
    args = ["compare", "--counts", str(SAMPLE_NETWORK_COUNTS), "--indicator", "WRES2"]
    assert _frozen_after(args) == (0, 0)
    assert len(seen) == 1 and seen[0] > 0
