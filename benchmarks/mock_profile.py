"""Where `apilint mock` spends its time under the mock_load.py mix (one process, wrk -t1 -c32).

Two views of the same load: cProfile inside the mock process (Python functions: own time per
request, calls, cumulative time; the profiler itself slows the server, so compare shares, not
rates), and, when `perf` is on PATH, `perf record` of an unprofiled mock (which native code and
kernel paths the CPU time goes to: the interpreter loop, allocation, JSON, sockets).

    python3 benchmarks/mock_profile.py --apilint .
    python3 benchmarks/mock_profile.py --apilint . --duration 30 --top 30 --no-perf
"""

from __future__ import annotations

import argparse
import io
import pstats
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import Apilint, add_apilint_option, resolve_apilint
from mock_load import CONTRACTS, check, lua, mix, start
from proxy_load import free_port, stop, wrk


def interpreter(apilint: Apilint) -> str:
    """The Python that runs apilint: the one in ``python -m apilint``, else the script's shebang."""
    if apilint.argv[1:3] == ["-m", "apilint"]:
        return apilint.argv[0]
    with open(apilint.argv[0], "rb") as handle:
        first = handle.readline().decode(errors="replace")
    return first[2:].strip() if first.startswith("#!") else sys.executable


def loaded(apilint: Apilint, script: Path, seconds: int, tmp: Path, label: str,
           during: list[str] | None = None) -> tuple[dict, str]:
    """Start the mock (``apilint.argv``), check it, warm it up, load it for ``seconds`` while
    running ``during`` (``{pid}`` replaced), stop it; (wrk's result, the mock's output)."""
    port = free_port()
    log = tmp / f"{label}.log"
    proc = start("apilint", port, apilint, tmp, log)
    try:
        verdict = check(port, mix())
        if not verdict[0].startswith("ok"):
            raise SystemExit(f"mock_profile: apilint mock does not answer the mix: {'; '.join(verdict)}")
        warm = wrk(port, 3, str(script), 32)
        side = (subprocess.Popen([part.replace("{pid}", str(proc.pid)) for part in during],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if during else None)
        result = wrk(port, seconds, str(script), 32, proc.pid)
        # every request the process answered: the check's (7 + 3), the warm-up's and the measured ones
        result["answered"] = 10 + warm["requests"] + result["requests"]
        if side is not None:
            side.wait(seconds + 60)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            stop(proc)
    return result, log.read_text(errors="replace")


def cprofile(apilint: Apilint, script: Path, seconds: int, top: int, tmp: Path) -> None:
    out = tmp / "mock.prof"
    profiled = Apilint([interpreter(apilint), "-m", "cProfile", "-o", str(out), "-m", "apilint"], apilint.env)
    result, log = loaded(profiled, script, seconds, tmp, "cprofile")
    if not out.is_file():
        raise SystemExit(f"mock_profile: no profile written; the mock said: {log.strip()[-300:]}")
    stats = pstats.Stats(str(out), stream=io.StringIO())
    total = stats.total_tt  # type: ignore[attr-defined]
    requests = result["answered"]
    print(f"\ncProfile, one mock process, wrk -c32 {seconds} s: {result['rps']:.0f} req/s under the profiler "
          f"({requests} requests answered in all, {total:.1f} s profiled in the main thread)")
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)  # type: ignore[attr-defined]
    print(f"{'own s':>7} {'share':>6} {'us/req':>7} {'calls':>9} {'cum s':>7}  function")
    for (path, line, name), (_, calls, own, cum, _) in rows[:top]:
        where = f"{Path(path).name}:{line}" if line else path
        print(f"{own:7.2f} {own / total:6.1%} {own * 1e6 / requests:7.1f} {calls:9d} {cum:7.2f}  {name} ({where})")
    print("\nby cumulative time (apilint functions only):")
    rows = sorted((item for item in stats.stats.items() if "apilint" in item[0][0]),  # type: ignore[attr-defined]
                  key=lambda item: item[1][3], reverse=True)
    for (path, line, name), (_, calls, _own, cum, _) in rows[:top]:
        print(f"{cum:7.2f} {cum / total:6.1%} {cum * 1e6 / requests:7.1f} {calls:9d}  {name} "
              f"({Path(path).parent.name}/{Path(path).name}:{line})")


def perf(apilint: Apilint, script: Path, seconds: int, top: int, tmp: Path) -> None:
    data = tmp / "perf.data"
    record = ["perf", "record", "-F", "499", "-g", "-o", str(data), "-p", "{pid}", "--", "sleep", str(seconds)]
    result, _ = loaded(apilint, script, seconds, tmp, "perf", record)
    print(f"\nperf, one unprofiled mock process, wrk -c32 {seconds} s: {result['rps']:.0f} req/s, "
          f"CPU {result.get('cpu_proxy', float('nan')):.3f} ms per request")
    for sort in ("dso", "sym"):
        report = subprocess.run(["perf", "report", "-i", str(data), "--stdio", "--no-children", "--sort", sort,
                                 "-g", "none", "--percent-limit", "0.5"], capture_output=True, text=True, timeout=300)
        lines = [line for line in report.stdout.splitlines() if line.strip() and not line.startswith("#")]
        print(f"\nperf report --sort {sort} (share of samples):")
        print("\n".join(lines[:top]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_apilint_option(parser)
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per view")
    parser.add_argument("--top", type=int, default=20, help="rows per table")
    parser.add_argument("--no-perf", action="store_true", help="skip the perf view")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("mock_profile: wrk not found: apt-get install wrk", file=sys.stderr)
        return 2
    apilint = resolve_apilint(args.apilint)
    tmp = Path(tempfile.mkdtemp(prefix="apilint-mockprof-"))
    script = tmp / "mix.lua"
    script.write_text(lua(mix()), encoding="utf-8")
    try:
        print(f"apilint mock {CONTRACTS}", file=sys.stderr)
        cprofile(apilint, script, args.duration, args.top, tmp)
        if not args.no_perf and shutil.which("perf"):
            perf(apilint, script, args.duration, args.top, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
