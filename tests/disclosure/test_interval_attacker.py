"""The interval attacker of DESIGN.md §4.6 (issue 13, part 2).

`DisclosureProbeTests` (Swift) grows random districts over three school years and publishes, through
Lotse's real code, everything a steering-group member and the state see: the steering overview's
tables at the end of every year, every topic's counts as in the decision paper and the letter to the
state, and the annual figures of all three years as in the annual report and the controlling export.
It writes each published figure with the (numbered) records behind it.

The attacker here knows everything published and the rule of the cell-key method as the README
states it, but not the secret record keys. For each district it solves the tightest linear programme
there is: the unknowns are the numbers of records of every kind that the figures tell apart (every
combination of figures a record is counted in), so every identity between figures is built in:
totals, the same cases in several tables, open at start + opened − closed = open at end, one year
and the next. Each published figure bounds its sum by what the value can stand for. For every
protected count (a true count from 1 to the threshold − 1) it computes the smallest and the
largest value the published figures allow.

Required: no protected count is pinned, neither exactly nor to a single whole number.
"""
import collections
import json
import math
import multiprocessing
import os
import pathlib
import random

import highspy
import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROBE = pathlib.Path(os.environ.get("LOTSE_DISCLOSURE_PROBE", ROOT / ".build" / "disclosure-probe.json"))
MINIMUM_DISTRICTS = int(os.environ.get("LOTSE_PROBE_MINIMUM", "200"))


def possible_truths(value, threshold):
    """What a published figure can stand for, by the rule in the README (written out again here,
    independently of the Swift code): 0 → 0..3, 3 and 4 → 1..value+3, 5 → 2..8, from 6 on ±3;
    1 and 2 are never published; "< threshold" → everything any value below it can stand for."""
    def single(v):
        if v == 0:
            return (0, 3)
        if v in (1, 2):
            raise AssertionError(f"{v} must never be published")
        if v in (3, 4):
            return (1, v + 3)
        if v == 5:
            return (2, 8)
        return (v - 3, v + 3)
    if value is None:
        return (0, max(single(v)[1] for v in range(threshold) if v not in (1, 2)))
    return single(value)


@pytest.fixture(scope="module")
def probe():
    if not PROBE.exists():
        pytest.fail(f"{PROBE} fehlt: scripts/test schreibt es mit den Swift-Tests (LOTSE_DISCLOSURE_PROBE)")
    return json.loads(PROBE.read_text())


def attack(district, possible=possible_truths):
    """The interval of every protected count of one district, with its truth."""
    threshold = district["threshold"]
    constraints = {}  # membership → (lo, hi, name)
    for figure in district["figures"]:
        membership = tuple(sorted(collections.Counter(figure["ids"]).items()))
        lo, hi = possible(figure["value"], threshold)
        truth = len(figure["ids"])
        assert lo <= truth <= hi, f"{figure['name']}: {truth} outside {lo}..{hi} of {figure['value']}"
        if membership in constraints:
            old = constraints[membership]
            lo, hi = max(lo, old[0]), min(hi, old[1])
        constraints[membership] = (lo, hi, figure["name"])
    figures = list(constraints.items())
    # Records told apart by the figures they are counted in.
    signature = collections.defaultdict(list)
    for index, (membership, _) in enumerate(figures):
        for record, times in membership:
            signature[record].append((index, times))
    kinds = collections.Counter(tuple(s) for s in signature.values())
    kind_list = list(kinds)
    truth = [kinds[k] for k in kind_list]
    # One linear programme per district (HiGHS, the solver behind scipy's linprog): a variable per
    # kind of record (at least 0), a row per figure bounded by what its value can stand for. Only
    # the objective changes from one protected count to the next.
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    inf = highspy.kHighsInf
    highs.addVars(len(kind_list), np.zeros(len(kind_list)), np.full(len(kind_list), inf))
    rows = [[] for _ in figures]
    for column, kind in enumerate(kind_list):
        for index, times in kind:
            rows[index].append((column, times))
    for index, (_, (lo, hi, _)) in enumerate(figures):
        highs.addRow(lo, hi, len(rows[index]), np.array([c for c, _ in rows[index]], dtype=np.int32),
                     np.array([t for _, t in rows[index]], dtype=float))
    results = []
    for index, (membership, (_, _, name)) in enumerate(figures):
        # Only whether a count is protected is read from the truth; the attack uses none of it.
        count = sum(times for _, times in membership)
        if not (0 < count < threshold):
            continue
        assert sum(truth[c] * t for c, t in rows[index]) == count
        bounds = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            highs.changeColsCost(len(kind_list), np.arange(len(kind_list), dtype=np.int32), np.zeros(len(kind_list)))
            highs.changeColsCost(len(rows[index]), np.array([c for c, _ in rows[index]], dtype=np.int32),
                                 np.array([t for _, t in rows[index]], dtype=float))
            highs.changeObjectiveSense(sense)
            highs.run()
            assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal, f"{name}: {highs.getModelStatus()}"
            bounds.append(highs.getInfo().objective_function_value)
        results.append((name, count, bounds[0], bounds[1]))
    return results


def whole_values_left(low, high):
    """How many whole numbers the interval leaves a reader who knows counts are whole."""
    return math.floor(high + 1e-6) - math.ceil(low - 1e-6) + 1


def test_no_small_count_is_pinned(probe):
    districts = probe["districts"]
    assert len(districts) >= MINIMUM_DISTRICTS, f"only {len(districts)} districts in the probe"
    with multiprocessing.Pool(os.cpu_count()) as pool:
        attacked = pool.map(attack, districts)
    protected, exact, whole, left = 0, [], [], collections.Counter()
    for district, results in zip(districts, attacked):
        for name, truth, low, high in results:
            protected += 1
            assert low - 1e-6 <= truth <= high + 1e-6, f"{name}: truth {truth} outside {low}..{high}"
            if high - low < 1e-6:
                exact.append((district["district"], name, truth))
            if whole_values_left(low, high) <= 1:
                whole.append((district["district"], name, truth, low, high))
            left[min(whole_values_left(low, high), 10)] += 1
    figures = sum(len(d["figures"]) for d in districts)
    print(f"\n{len(districts)} Kreise, {figures} veröffentlichte Zahlen, {protected} geschützte (1 bis Schwelle − 1)")
    print("ganze Werte, die je geschützter Zahl möglich bleiben (10 = 10 oder mehr):", dict(sorted(left.items())))
    assert protected >= len(districts), "the probe must hold small counts"
    assert not exact, f"pinned exactly: {exact[:10]}"
    assert not whole, f"pinned to one whole number: {whole[:10]}"


def test_the_attacker_pins_what_weaker_noise_leaves(probe):
    """The attacker is not toothless: the same figures with independent noise of at most ±1 (the
    reader told so) give many small counts away, by combining figures as above."""
    rng = random.Random(13)
    districts = json.loads(json.dumps(probe["districts"][:30]))
    for district in districts:
        values = {}
        for figure in district["figures"]:
            membership = tuple(sorted(collections.Counter(figure["ids"]).items()))
            count = len(figure["ids"])
            values.setdefault(membership, 0 if count == 0 else max(0, count + rng.choice([-1, 0, 1])))
            figure["value"] = values[membership]
    weak = lambda value, threshold: (max(0, value - 1), value + 1)
    results = [r for district in districts for r in attack(district, weak)]
    pinned = [r for r in results if whole_values_left(r[2], r[3]) <= 1]
    print(f"\n±1 ohne Zellschlüssel: {len(pinned)} von {len(results)} kleinen Zahlen festgelegt")
    assert len(pinned) > len(results) // 10
