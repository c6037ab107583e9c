# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Figure 8: ansible-inventory --list of 1000 mDNS PDUs with enrichment (whole command), next to the same
inventory over 50 PDUs measured in the same run.  Every run must list every device, enriched."""

import os
import statistics
import tempfile

from fig_inventory import _checked, _config

FLEET = 1000
REFERENCE = 50
REPEATS = 2
TARGET_SECONDS = 10.0


def inventory_seconds(fleet, work, label, repeats=REPEATS):
    config = _config(os.path.join(work, f"{label}.xerus_zeroconf.yml"), fleet)
    runs = [_checked(config, os.path.join(work, f"{label}{rep}.json"), fleet) for rep in range(repeats)]
    return {
        "seconds": [seconds for seconds, _ in runs],
        "browse": [p["browse"] for _, p in runs],
        "enrich": [p["enrich"] for _, p in runs],
        "enrich_after": [p["enrich_after"] for _, p in runs],
        "hosts": len(fleet.hosts),
    }


def measure(big, reference):
    """The two inventories interleaved, so that a load change on the machine touches both."""
    with tempfile.TemporaryDirectory(prefix="xerus-bench-inv-scale-") as work:
        results = {"big": None, "reference": None}
        for rep in range(REPEATS):
            for key, fleet in (("reference", reference), ("big", big)):
                run = inventory_seconds(fleet, work, f"{key}{rep}", repeats=1)
                if results[key] is None:
                    results[key] = run
                else:
                    for field in ("seconds", "browse", "enrich", "enrich_after"):
                        results[key][field] += run[field]
    return results


def summary(results):
    big, reference = results["big"], results["reference"]
    return {
        "hosts": big["hosts"],
        "seconds": statistics.median(big["seconds"]),
        "reference_hosts": reference["hosts"],
        "reference_seconds": statistics.median(reference["seconds"]),
        "browse": _median_of_known(big["browse"]),
        "enrich": _median_of_known(big["enrich"]),
        "enrich_after": _median_of_known(big["enrich_after"]),
        "load": os.getloadavg()[0],
    }


def _median_of_known(values):
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


if __name__ == "__main__":
    import sys

    from simfleet import Fleet, free_base

    # fig_inventory_scale.py [COUNT [BASE STATE_DIR]]: BASE and STATE_DIR reuse kept device keys
    count = int(sys.argv[1]) if len(sys.argv) > 1 else FLEET
    base, state_dir = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else (free_base(count), None)
    with Fleet(base, count, "--mdns", outlets=8, state_dir=state_dir) as big:
        print(f"fleet of {count} ready in {big.start_seconds:.1f} s", flush=True)
        with Fleet(free_base(REFERENCE), REFERENCE, "--mdns", outlets=8) as reference:
            result = summary(measure(big, reference))
    print(result)
    print(
        f"ansible-inventory --list over {result['hosts']} mDNS PDUs, enrich: true: {result['seconds']:.2f} s "
        f"(target <= {TARGET_SECONDS:g} s); same over {result['reference_hosts']}: "
        f"{result['reference_seconds']:.2f} s; "
        f"browse / enrichment (from the first answer) / enrichment after the browse: {result['browse']} / "
        f"{result['enrich']} / {result['enrich_after']} s; load average {result['load']:.2f}"
    )
