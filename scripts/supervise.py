"""Run the processes of a Procfile and keep them running (`make run`, scripts/serve-production).

    .venv/bin/python scripts/supervise.py [-f Procfile] [--only web,worker]

Each line `name: command` is started through `sh -c "exec command"` (so `${VAR:-default}` and
leading `NAME=value` assignments work, and the process we watch is the command itself), in a
process group of its own, with the terminal as its standard output: nothing is relayed through
this process, so a busy access log costs it nothing. When a process exits without being asked
to, the rest of its group is ended (granian's worker processes) and it is started again after a
pause that grows from one second to thirty while it keeps failing quickly; the restart is
written on the terminal.
SIGINT and SIGTERM are passed to every group, then whatever has not exited after --grace seconds
is killed, and this process exits.

Standard library only: it does not import Django, so it costs a few megabytes and starts at once.
"""

import argparse
import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

MIN_DELAY, MAX_DELAY, STABLE_AFTER = 1.0, 30.0, 30.0


ASSIGNMENTS = re.compile(r"^((?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*)(.*)$", re.DOTALL)


def exec_line(command: str) -> str:
    """`A=1 B=2 cmd args` as `A=1 B=2 exec cmd args`: the shell becomes the command itself."""
    assignments, rest = ASSIGNMENTS.match(command).groups()
    return f"{assignments}exec {rest}"


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} supervise | {message}", file=sys.stderr, flush=True)


def describe(status: int) -> str:
    if status < 0:
        try:
            return f"killed by {signal.Signals(-status).name}"
        except ValueError:
            return f"killed by signal {-status}"
    return f"exited with status {status}"


@dataclass
class Program:
    name: str
    command: str
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    delay: float = MIN_DELAY
    restart_at: float | None = None
    restarts: int = field(default=0)

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - the Procfile is ours
            ["/bin/sh", "-c", exec_line(self.command)],
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: signals and clean-up reach all of it
        )
        self.started_at = time.monotonic()
        self.restart_at = None
        log(f"{self.name} started (pid {self.process.pid})")

    def signal_group(self, signum: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signum)

    def group_alive(self) -> bool:
        try:
            os.killpg(self.process.pid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True

    def end_group(self, grace: float) -> None:
        """End what is left of the group of a process that has exited (its children)."""
        if not self.group_alive():
            return
        self.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + grace
        while self.group_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.group_alive():
            self.signal_group(signal.SIGKILL)
            deadline = time.monotonic() + 2
            while self.group_alive() and time.monotonic() < deadline:
                time.sleep(0.05)


def read_procfile(path: str, only: set[str] | None) -> list[Program]:
    programs = []
    with open(path) as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, command = line.partition(":")
            name, command = name.strip(), command.strip()
            if not name or not command:
                raise SystemExit(f"{path}: cannot read the line {line!r}")
            if only is None or name in only:
                programs.append(Program(name, command))
    if not programs:
        raise SystemExit(f"{path}: no process to run")
    return programs


class Supervisor:
    def __init__(self, programs: list[Program], grace: float):
        self.programs = programs
        self.grace = grace
        self.stop_signal: int | None = None

    def ask_to_stop(self, signum, frame) -> None:
        if self.stop_signal is None:
            self.stop_signal = signum
        else:  # asked twice: no more waiting
            for program in self.programs:
                program.signal_group(signal.SIGKILL)

    def run(self) -> int:
        signal.signal(signal.SIGINT, self.ask_to_stop)
        signal.signal(signal.SIGTERM, self.ask_to_stop)
        for program in self.programs:
            program.start()
        while self.stop_signal is None:
            now = time.monotonic()
            for program in self.programs:
                if program.restart_at is not None:
                    if now >= program.restart_at:
                        program.restarts += 1
                        program.start()
                    continue
                status = program.process.poll()
                if status is None:
                    continue
                uptime = now - program.started_at
                program.end_group(grace=5.0)
                # A process that ran a while restarts at once; one that keeps failing, slower.
                if program.restarts == 0 or uptime >= STABLE_AFTER:
                    program.delay = MIN_DELAY
                else:
                    program.delay = min(program.delay * 2, MAX_DELAY)
                log(
                    f"{program.name} (pid {program.process.pid}) {describe(status)} after "
                    f"{uptime:.1f}s; restarting in {program.delay:g}s"
                )
                program.restart_at = time.monotonic() + program.delay
            time.sleep(0.2)
        return self.shutdown()

    def shutdown(self) -> int:
        signum = self.stop_signal
        log(f"{signal.Signals(signum).name}: stopping {', '.join(p.name for p in self.programs)}")
        running = [p for p in self.programs if p.restart_at is None and p.process.poll() is None]
        for program in running:
            program.signal_group(signum)
        deadline = time.monotonic() + self.grace
        while time.monotonic() < deadline and any(p.process.poll() is None for p in running):
            time.sleep(0.05)
        for program in running:
            if program.process.poll() is None:
                log(f"{program.name} did not stop within {self.grace:g}s: killing it")
            program.end_group(grace=1.0)
            program.process.wait()
        log("stopped")
        return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--procfile", default="Procfile")
    parser.add_argument("--only", help="comma-separated names of the processes to run")
    parser.add_argument(
        "--grace", type=float, default=20.0, help="seconds to wait for processes to stop"
    )
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    return Supervisor(read_procfile(args.procfile, only), grace=args.grace).run()


if __name__ == "__main__":
    sys.exit(main())
