"""Before/after benchmark: the same benchmark run alternately on two commits, A B A B A B, and
the median of each figure compared. Alternating in one run keeps the drift of this shared
machine (the same loop's time moves by half over an hour) out of the comparison.

    .venv/bin/python bench/ab.py --before 6d3825d -- http --sets postgres:1000 sqlite:100000
    .venv/bin/python bench/ab.py --before 6d3825d -- search --articles 100000

Each commit is checked out once as a Git worktree under var/ab/ (sharing this checkout's
.venv and its benchmark data in var/bench, so a data set is generated once); the benchmark runs
there with that worktree first on PYTHONPATH. Writes bench/results/ab-<kind>-<date>.json and
.md: every figure both runs produced, each side's median, the relative difference, and which
figures moved by more than `--tolerance` (5 % by default) in the worse direction."""

import argparse
import json
import os
import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKTREES = ROOT / "var" / "ab"
SCRIPTS = {"http": "bench/http/run.py", "search": "bench/search/run.py"}
# Figures where a larger value is better; every other one (latencies, bytes, memory) is better
# smaller. Figures named here only are compared; the rest are reported.
HIGHER_IS_BETTER = ("rps", "ratio")
COMPARED = ("rps", "p50_ms", "p50", "cold_render_median_ms", "rss_mb")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True
    ).stdout.strip()


def worktree(ref: str) -> Path:
    sha = git("rev-parse", "--verify", f"{ref}^{{commit}}")
    path = WORKTREES / sha[:12]
    if not path.exists():
        WORKTREES.mkdir(parents=True, exist_ok=True)
        git("worktree", "add", "--detach", str(path), sha)
    for shared in (".venv", "var/bench"):
        link = path / shared
        if not link.exists():
            link.parent.mkdir(parents=True, exist_ok=True)
            (ROOT / shared).mkdir(parents=True, exist_ok=True)
            link.symlink_to(ROOT / shared)
    return path


def run(kind: str, tree: Path, args: list[str], name: str) -> dict:
    out = ROOT / "bench" / "results" / "ab-runs"
    out.mkdir(parents=True, exist_ok=True)
    command = [str(ROOT / ".venv" / "bin" / "python"), SCRIPTS[kind], *args]
    if kind == "http":
        # bench/http/run.py writes under its own tree's bench/results/, which a fresh
        # worktree lacks (results are not committed there).
        (tree / "bench" / "results" / "ab-runs").mkdir(parents=True, exist_ok=True)
        command += ["--out", f"ab-runs/{name}"]
    else:
        command += ["--out", str(out / name)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    log(f"== {name}: {' '.join(command[1:])}")
    subprocess.run(command, cwd=tree, env=env, check=True)
    if kind == "http":
        return json.loads((tree / "bench" / "results" / "ab-runs" / f"{name}.json").read_text())
    newest = max((out / name).glob("*.json"), key=lambda path: path.stat().st_mtime)
    return json.loads(newest.read_text())


def figures(data, prefix: str = "") -> dict[str, float]:
    """Every number in a result, by its path (lists of rounds left out: their median is there)."""
    found: dict[str, float] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            found.update(figures(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list) and data and isinstance(data[0], dict):
        for position, value in enumerate(data):
            label = value.get("database", position)
            found.update(figures(value, f"{prefix}[{label}:{value.get('articles', '')}]"))
    elif isinstance(data, int | float) and not isinstance(data, bool):
        found[prefix] = float(data)
    return found


def compared(path: str) -> bool:
    parts = path.split(".")
    return any(name in parts for name in COMPARED) or any(
        part.startswith("cold_render_median_ms") for part in parts
    )


def compare(before: list[dict], after: list[dict], tolerance: float) -> list[dict]:
    rows = []
    sides = [[figures(run) for run in runs] for runs in (before, after)]
    for path in sorted(set.intersection(*(set(run) for run in sides[0] + sides[1]))):
        if not compared(path):
            continue
        a = statistics.median(run[path] for run in sides[0])
        b = statistics.median(run[path] for run in sides[1])
        change = (b - a) / a if a else 0.0
        higher = path.rsplit(".", 1)[-1] in HIGHER_IS_BETTER
        worse = -change if higher else change
        rows.append(
            {"figure": path, "before": a, "after": b, "change": change, "worse": worse > tolerance}
        )
    return rows


def markdown(kind: str, refs: tuple[str, str], rows: list[dict], runs: int, args) -> str:
    lines = [
        f"# A/B {kind} benchmark, {date.today().isoformat()}",
        "",
        f"Before `{refs[0]}`, after `{refs[1]}`, alternated {runs} times in one run;"
        f" arguments `{' '.join(args)}`. Medians of the {runs} runs of each side.",
        "",
        "| figure | before | after | change |",
        "|---|---:|---:|---:|",
    ]
    for row in rows:
        mark = " **worse**" if row["worse"] else ""
        lines.append(
            f"| {row['figure']} | {row['before']:g} | {row['after']:g} |"
            f" {row['change'] * 100:+.1f} %{mark} |"
        )
    changes = sorted(abs(row["change"]) for row in rows)
    median = statistics.median(changes) * 100 if changes else 0.0
    lines += ["", f"Median absolute change over {len(rows)} figures: {median:.1f} %."]
    worse = [row["figure"] for row in rows if row["worse"]]
    lines.append(f"Worse by more than the tolerance: {', '.join(worse) or 'none'}.")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="commit or ref measured as A")
    parser.add_argument("--after", default="HEAD", help="commit or ref measured as B")
    parser.add_argument("--runs", type=int, default=3, help="alternations (A then B each)")
    parser.add_argument("--tolerance", type=float, default=0.05)
    parser.add_argument("kind", choices=sorted(SCRIPTS))
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the benchmark's own arguments")
    options = parser.parse_args()
    args = [arg for arg in options.args if arg != "--"]
    # Both sides share the data sets in var/bench, migrated by whichever side ran last: an
    # older side then reads a newer schema. Refs whose migrations differ cannot share them.
    changed = git(
        "diff", "--name-only", options.before, options.after, "--", "infofinance/*/migrations/*"
    )
    if changed:
        sys.exit(
            "the two refs have different migrations, so they cannot share var/bench's data:\n"
            + changed
        )
    trees = (worktree(options.before), worktree(options.after))
    results: tuple[list[dict], list[dict]] = ([], [])
    for number in range(1, options.runs + 1):
        for side, tree in enumerate(trees):
            label = ("before", "after")[side]
            results[side].append(run(options.kind, tree, args, f"{label}-{number}"))
    rows = compare(*results, tolerance=options.tolerance)
    refs = (options.before, options.after)
    name = ROOT / "bench" / "results" / f"ab-{options.kind}-{date.today().isoformat()}"
    name.with_suffix(".json").write_text(json.dumps({"refs": refs, "rows": rows}, indent=2) + "\n")
    text = markdown(options.kind, refs, rows, options.runs, args)
    name.with_suffix(".md").write_text(text)
    print(text)
    log(f"written {name.relative_to(ROOT)}.json and .md")
    if any(row["worse"] for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
