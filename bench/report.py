# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The results table: rows, stdout rendering and bench/RESULTS.md."""

import datetime
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HEADER = ("#", "figure", "measured", "unit", "reference (same run)", "ratio", "target", "verdict")


@dataclass
class Row:
    fig: str
    name: str
    measured: str
    unit: str
    reference: str = "-"
    ratio: str = "-"
    target: str = "-"
    verdict: str = "-"


def verdict(ok):
    return "ok" if ok else "MISS"


def na_rows(fig, name, reason):
    return [Row(fig, name, f"n/a ({reason})", "-", verdict="n/a")]


def markdown_table(rows):
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for row in rows:
        cells = (row.fig, row.name, row.measured, row.unit, row.reference, row.ratio, row.target, row.verdict)
        lines.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def text_table(rows):
    cells = [HEADER] + [(r.fig, r.name, r.measured, r.unit, r.reference, r.ratio, r.target, r.verdict) for r in rows]
    widths = [max(len(str(line[i])) for line in cells) for i in range(len(HEADER))]
    out = []
    for index, line in enumerate(cells):
        out.append("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip())
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(module, attribute="__version__"):
    try:
        return getattr(__import__(module, fromlist=[attribute]), attribute)
    except Exception:  # only for the report header
        return "unknown"


def _commit(repo):
    try:
        return (
            subprocess.run(
                ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
            ).stdout.strip()
            or "unknown"
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine(repo):
    from importlib.metadata import version as dist_version

    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({_cpu_model()})",
        "python": sys.version.split()[0],
        "ansible-core": _version("ansible.release"),
        "vendor SDK (raritan)": dist_version("raritan") if _has_dist("raritan") else "unknown",
        "zeroconf": _version("zeroconf"),
        "commit": _commit(repo) + (" (with uncommitted changes in plugins/simulator/bench)" if _dirty(repo) else ""),
    }


def _dirty(repo):
    try:
        # only what the figures run: the plugins, the simulator and the bench code
        paths = ["plugins", "simulator", "meta", "bench", ":!bench/RESULTS.md"]
        return bool(
            subprocess.run(
                ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no", "--", *paths],
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout.strip()
        )
    except (OSError, subprocess.SubprocessError):
        return False


def _has_dist(name):
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        dist_version(name)
        return True
    except PackageNotFoundError:
        return False


def write_results(path, rows, info, notes, seconds):
    lines = [
        "# xerus.pdu bench results",
        "",
        f"Produced by `make bench` (bench/run.sh) in {seconds:.0f} s. Do not edit by hand: rerun.",
        "",
    ]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines += ["", markdown_table(rows), "", "Verdict: `ok` meets the target, `MISS` does not, `-` has no target.", ""]
    lines += notes
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
