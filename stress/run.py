"""`make stress`: the production configuration under load, then under three faults.

Starts a private PostgreSQL and Redis, an SMTP sink, gunicorn (2 workers), a Celery worker
and beat with ``portal.settings.production`` (see stress/stack.py), seeds the demo site and
a pool of invitations (stress/dataset.py), then runs, one after another:

- load               50 users, no fault
- postgres-restart   the database stopped for a few seconds mid-run, then started
- redis-stop         the broker and caches stopped for 20 s mid-run, then started; p95
                     while it is down at most 2x p95 with it up, surveys sent during it
- worker-kill        a batch of invitations falls due; the Celery worker is SIGKILLed
                     twice while it sends them, and started again each time

Prints a table, one ``stress: run=…`` line per run, writes stress/results/latest.json, and
exits 1 when a run lost or duplicated a response or an email, showed a 500 page or a
traceback, or missed its own target (see stress/README.md for every figure).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stress import client
from stress.stack import SEND_LEASE_SECONDS, SWEEP_SECONDS, Stack, wait_until

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
BUDGET_SECONDS = 570  # the whole target stays under 10 minutes
RECOVERY_TARGET_S = 5.0
REDIS_DOWN_S = 20
# While Redis is away, p95 may be at most this many times the p95 of the same run's
# requests with Redis up (before and after the outage).
REDIS_DOWN_P95_BAR = 2.0
# Survey takers beside the load who answer every step at once and send their answers
# this many seconds after Redis stopped, so surveys are always sent during the outage.
HELD_SENDS_S = (1.0, 3.8, 6.6, 9.4, 12.2, 15.0)
POSTGRES_DOWN_S = 4
FOLLOWUP_WAIT_S = 60
DELIVERY_WAIT_S = 120
MESSAGE_ID = re.compile(r"<invitation-(\d+)-invitation@")


class Run:
    """One run's figures, as the table and the JSON show them."""

    def __init__(self, name: str, seconds: float) -> None:
        self.name, self.seconds = name, seconds
        self.tally = client.Tally()
        self.lost = self.duplicated = 0
        self.recovery_s: float | None = 0.0
        self.notes: dict = {}
        self.failures: list[str] = []
        self.line_extra: dict[str, object] = {}  # more figures for the ``stress: run=`` line

    def errors(self) -> Counter:
        return Counter(str(s.status) for s in self.tally.samples if not s.ok)

    def figures(self, kind: str | None = None) -> dict:
        samples = [s for s in self.tally.samples if kind is None or s.kind == kind]
        answered = [s.ms for s in samples if s.status != "conn"]
        return {
            "requests": len(samples),
            "errors": sum(1 for s in samples if not s.ok),
            "p50_ms": round(client.percentile(answered, 0.50), 1),
            "p95_ms": round(client.percentile(answered, 0.95), 1),
            "p99_ms": round(client.percentile(answered, 0.99), 1),
        }

    def as_json(self) -> dict:
        tally = self.tally
        return {
            "run": self.name,
            "seconds": self.seconds,
            **self.figures(),
            "errors_by_status": dict(self.errors()),
            "by_kind": {kind: self.figures(kind) for kind in (client.READER, client.SEARCHER, client.SURVEY)},
            "lost": self.lost,
            "duplicated": self.duplicated,
            "recovery_s": self.recovery_s,
            "friendly_503": tally.friendly_503,
            "unfriendly": tally.unfriendly[:20],
            "journeys": {
                "started": tally.journeys_started,
                "confirmed": len(tally.confirmed),
                "double_submits": tally.double_submits,
                "abandoned": tally.abandoned,
                "pool_exhausted": tally.pool_exhausted,
            },
            "notes": self.notes,
            "failures": self.failures,
            "passed": not self.failures,
        }

    def line(self) -> str:
        recovery = "none" if self.recovery_s is None else f"{self.recovery_s:g}"
        return (
            f"stress: run={self.name} requests={len(self.tally.samples)} "
            f"errors={sum(self.errors().values())} lost={self.lost} duplicated={self.duplicated} "
            f"recovery_s={recovery}" + "".join(f" {key}={value}" for key, value in self.line_extra.items())
        )


def window(run: Run, start: float, end: float) -> dict:
    """Requests sent between two moments (time.monotonic()): how many, errors, p95."""
    inside = [s for s in run.tally.samples if start <= s.started < end]
    answered = [s.ms for s in inside if s.status != "conn"]
    return {
        "requests": len(inside),
        "errors": sum(1 for s in inside if not s.ok),
        "p95_ms": round(client.percentile(answered, 0.95), 1),
    }


def p95_ratio(run: Run, start: float, end: float) -> dict:
    """p95 of the requests sent between two moments against p95 of the run's others, in
    all and per kind."""

    def p95(samples) -> float:
        return client.percentile([s.ms for s in samples if s.status != "conn"], 0.95)

    figures = {}
    for kind in ("all", client.READER, client.SEARCHER, client.SURVEY):
        samples = [s for s in run.tally.samples if kind == "all" or s.kind == kind]
        inside = [s for s in samples if start <= s.started < end]
        outside = [s for s in samples if not start <= s.started < end]
        up, down = p95(outside), p95(inside)
        before = p95([s for s in samples if s.started < start])
        figures[kind] = {
            "p95_up_ms": round(up, 1),
            "p95_down_ms": round(down, 1),
            "ratio": round(down / up, 2) if up else None,
            # Against the part before the outage alone (after it, Redis starts empty).
            "ratio_to_before": round(down / before, 2) if before else None,
        }
    return figures


# --- the runs ----------------------------------------------------------------------------


def load_run(stack: Stack, plan: client.Plan, *, name: str, seconds: float, fault=None, judge=None) -> Run:
    """``seconds`` of load with ``fault`` (a coroutine function taking the run) beside it;
    ``judge`` decides which answers the users may see (by default: no error at all)."""
    run = Run(name, seconds)
    started = time.monotonic()

    async def both():
        tasks = [client.run_load(plan, seconds=seconds, tally=run.tally)]
        if fault is not None:
            tasks.append(fault(run, started))
        await asyncio.gather(*tasks)

    asyncio.run(both())
    run.notes["wall_s"] = round(time.monotonic() - started, 1)
    count_responses(stack, run)
    (judge or judge_answers)(run)
    return run


def count_responses(stack: Stack, run: Run) -> None:
    """The count check: each confirmed submission is in the database exactly once."""
    ids_file = stack.folder / f"{run.name}-taken.json"
    out = stack.folder / f"{run.name}-responses.json"
    ids_file.write_text(json.dumps(run.tally.taken))
    stack.dataset("responses", "--ids", str(ids_file), "--out", str(out))
    counts = {int(key): value for key, value in json.loads(out.read_text()).items()}
    lost = [invitation for invitation in run.tally.confirmed if counts.get(invitation, 0) == 0]
    run.lost += len(lost)
    run.duplicated += sum(n - 1 for n in counts.values() if n > 1)
    run.notes["responses_stored"] = sum(counts.values())
    run.notes["stored_but_not_confirmed"] = sum(1 for key in counts if key not in run.tally.confirmed)
    if lost:
        run.failures.append(f"{len(lost)} confirmed responses are not in the database (e.g. {lost[:5]})")
    if run.duplicated:
        run.failures.append(f"{run.duplicated} duplicate responses")
    if run.tally.pool_exhausted:
        run.failures.append(
            "the invitation pool ran out: survey takers stood idle, so the mix was not 70/10/20 "
            "(a larger --pool)"
        )


def judge_answers(run: Run) -> None:
    """No 500 page or traceback ever, and no error at all."""
    _no_tracebacks(run)
    if run.errors():
        run.failures.append(f"errors users should not see: {dict(run.errors())}")


def _no_tracebacks(run: Run) -> None:
    if run.tally.unfriendly:
        run.failures.append(
            f"{len(run.tally.unfriendly)} 500 pages or tracebacks: {run.tally.unfriendly[:3]}"
        )


def postgres_restart(stack: Stack, plan: client.Plan, *, seconds: float) -> Run:
    moments: dict[str, float] = {}

    async def fault(run: Run, started: float) -> None:
        await asyncio.sleep(seconds / 3)
        moments["down"] = time.monotonic()
        await asyncio.to_thread(stack.postgres.stop)
        await asyncio.sleep(POSTGRES_DOWN_S)
        await asyncio.to_thread(stack.postgres.start)
        await asyncio.to_thread(wait_until, stack.postgres.accepts, seconds=30, what="postgres")
        moments["up"] = time.monotonic()

    run = load_run(
        stack, plan, name="postgres-restart", seconds=seconds, fault=fault, judge=judge_answers_outage
    )
    up = moments["up"]
    # Recovery: the first page or survey answer that needed the database (survey requests
    # always read the session and draft) and succeeded once the database was back.
    firsts = [s.ended for s in run.tally.samples if s.kind == client.SURVEY and s.ok and s.ended >= up]
    run.recovery_s = round(min(firsts) - up, 2) if firsts else None
    run.notes["database_down_s"] = round(up - moments["down"], 1)
    run.notes["while_down"] = window(run, moments["down"], up)
    run.notes["before_and_after"] = {
        "before": window(run, 0, moments["down"]),
        "after": window(run, up, float("inf")),
    }
    if run.recovery_s is None:
        run.failures.append("no survey request succeeded after the database came back")
    elif run.recovery_s > RECOVERY_TARGET_S:
        run.failures.append(f"recovery took {run.recovery_s} s (target <= {RECOVERY_TARGET_S:g} s)")
    return run


def judge_answers_outage(run: Run) -> None:
    """During a database outage the only error allowed is the friendly 503 page."""
    _no_tracebacks(run)
    errors = run.errors()
    unfriendly_503 = errors.get("503", 0) - run.tally.friendly_503
    others = {status: n for status, n in errors.items() if status != "503"}
    if unfriendly_503 > 0:
        run.failures.append(f"{unfriendly_503} 503 answers were not the friendly 503 page")
    if others:
        run.failures.append(f"errors other than the friendly 503 page: {others}")


def redis_stop(stack: Stack, plan: client.Plan, *, seconds: float) -> Run:
    moments: dict[str, float] = {}
    cpu: dict[str, float] = {}  # gunicorn's CPU seconds at the start, down and up moments
    seconds = max(seconds, REDIS_DOWN_S + 15)

    async def fault(run: Run, started: float) -> None:
        down = asyncio.Event()

        def after_stop(delay: float):
            async def hold() -> None:
                await down.wait()
                await asyncio.sleep(delay)

            return hold

        # Beside the load's survey takers (who may finish nothing while the site is slow),
        # a few who wait on the check page and send their answers during the outage.
        held = asyncio.create_task(
            client.held_journeys(
                plan,
                tally=run.tally,
                holds=[after_stop(delay) for delay in HELD_SENDS_S],
                give_up=started + seconds + 20,
            )
        )
        cpu["start"] = stack.web.cpu_seconds()
        await asyncio.sleep(max(5.0, (seconds - REDIS_DOWN_S) / 3))
        moments["down"], moments["down_clock"] = time.time(), time.monotonic()
        cpu["down"] = stack.web.cpu_seconds()
        await asyncio.to_thread(stack.redis.stop)
        down.set()
        await asyncio.sleep(REDIS_DOWN_S)
        await asyncio.to_thread(stack.redis.start)
        moments["up"], moments["up_clock"] = time.time(), time.monotonic()
        cpu["up"] = stack.web.cpu_seconds()
        await held

    # Every answer in this run calls for follow-ups, so those made during the outage are many.
    unhappy_share, plan.unhappy_share = plan.unhappy_share, 1.0
    try:
        run = load_run(stack, plan, name="redis-stop", seconds=seconds, fault=fault)
    finally:
        plan.unhappy_share = unhappy_share
    cpu["end"] = stack.web.cpu_seconds()
    ids_file = stack.folder / "redis-stop-taken.json"
    out = stack.folder / "redis-stop-followups.json"
    stack.dataset(
        "followups",
        "--since",
        str(moments["down"]),
        "--until",
        str(moments["up"]),
        "--back",
        str(moments["up"]),
        "--wait",
        str(FOLLOWUP_WAIT_S),
        "--ids",
        str(ids_file),
        "--out",
        str(out),
        timeout=FOLLOWUP_WAIT_S + 120,
    )
    followups = json.loads(out.read_text())
    run.notes["redis_down_s"] = round(moments["up"] - moments["down"], 1)
    run.notes["while_down"] = window(run, moments["down_clock"], moments["up_clock"])
    run.notes["before_and_after"] = {
        "before": window(run, 0, moments["down_clock"]),
        "after": window(run, moments["up_clock"], float("inf")),
    }
    run.notes["followups"] = followups
    # The web workers' CPU per request in each part: what an outage costs the server,
    # whatever else the machine is doing (latency on a shared machine is mostly queueing).
    parts = {"before": ("start", "down"), "while_down": ("down", "up"), "after": ("up", "end")}
    windows = {"before": run.notes["before_and_after"]["before"], "while_down": run.notes["while_down"]}
    windows["after"] = run.notes["before_and_after"]["after"]
    run.notes["gunicorn_cpu_ms_per_request"] = {
        part: round(1000 * (cpu[end] - cpu[begin]) / max(1, windows[part]["requests"]), 1)
        for part, (begin, end) in parts.items()
    }
    ratios = p95_ratio(run, moments["down_clock"], moments["up_clock"])
    run.notes["p95_redis_down_vs_up"] = ratios
    completed = sorted(
        invitation
        for invitation, when in run.tally.confirmed.items()
        if moments["down_clock"] <= when <= moments["up_clock"]
    )
    run.notes["surveys_completed_while_down"] = len(completed)
    overall = ratios["all"]
    run.line_extra = {
        "p95_up_ms": overall["p95_up_ms"],
        "p95_down_ms": overall["p95_down_ms"],
        "p95_ratio": overall["ratio"],
        "completed_while_down": len(completed),
        "followups_while_down": f"{followups['during_outage']['opened']}/{followups['during_outage']['due']}",
    }
    if overall["ratio"] is None or overall["ratio"] > REDIS_DOWN_P95_BAR:
        run.failures.append(
            f"p95 while Redis was down was {overall['p95_down_ms']:g} ms, {overall['ratio']}x the "
            f"{overall['p95_up_ms']:g} ms with Redis up (bar {REDIS_DOWN_P95_BAR:g}x)"
        )
    if not completed:
        run.failures.append("not checked: no survey was completed while Redis was down")
    for part, what in (("during_outage", "made while Redis was down"), ("whole_run", "of the run")):
        missing = followups[part]["due"] - followups[part]["opened"]
        if missing:
            run.failures.append(
                f"{missing} of {followups[part]['due']} responses {what} that call for follow-ups had none "
                f"{FOLLOWUP_WAIT_S} s after Redis returned"
            )
    if not followups["during_outage"]["due"]:
        run.failures.append(
            "not checked: no response that calls for follow-ups was made while Redis was down"
        )
    return run


def worker_kill(stack: Stack, plan: client.Plan, batch: list[int], *, seconds: float) -> Run:
    """The batch falls due; the worker is killed at a quarter and at 60% of the batch."""
    wanted = set(batch)
    ids_file = stack.folder / "worker-kill-batch.json"
    ids_file.write_text(json.dumps(batch))
    kills: list[dict] = []

    def delivered() -> Counter:
        found = Counter()
        for message in stack.sink.received():
            match = MESSAGE_ID.search(message.message_id)
            if match and int(match.group(1)) in wanted:
                found[int(match.group(1))] += 1
        return found

    async def fault(run: Run, started: float) -> None:
        await asyncio.sleep(2)
        await asyncio.to_thread(stack.dataset, "due", "--ids", str(ids_file))
        due_at = time.monotonic()
        for share in (0.25, 0.6):
            while len(delivered()) < share * len(batch) and time.monotonic() - due_at < DELIVERY_WAIT_S:
                await asyncio.sleep(0.02)
            kills.append({"at_delivered": len(delivered()), "after_s": round(time.monotonic() - due_at, 1)})
            await asyncio.to_thread(stack.worker.kill)
            await asyncio.sleep(1)
            await asyncio.to_thread(stack.start_worker)
        while len(delivered()) < len(batch) and time.monotonic() - due_at < DELIVERY_WAIT_S:
            await asyncio.sleep(0.2)
        run.notes["all_delivered_after_s"] = round(time.monotonic() - due_at, 1)
        # A duplicate would come from a lease taken again: give every lease time to run out.
        await asyncio.sleep(SEND_LEASE_SECONDS + 2 * SWEEP_SECONDS)

    run = load_run(stack, plan, name="worker-kill", seconds=seconds, fault=fault)
    found = delivered()
    out = stack.folder / "worker-kill-deliveries.json"
    stack.dataset("deliveries", "--ids", str(ids_file), "--out", str(out))
    recorded = json.loads(out.read_text())
    lost = [invitation for invitation in batch if found[invitation] == 0]
    duplicated = sum(n - 1 for n in found.values() if n > 1)
    run.lost += len(lost)
    run.duplicated += duplicated
    run.notes["deliveries"] = {
        "batch": len(batch),
        "delivered": len(found),
        "lost": len(lost),
        "duplicated": duplicated,
        "recorded_sent": sum(1 for states in recorded.values() if states.get("sent")),
        "kills": kills,
    }
    if lost:
        run.failures.append(f"{len(lost)} invitations never reached the SMTP server (e.g. {lost[:5]})")
    if duplicated:
        run.failures.append(f"{duplicated} invitations reached the SMTP server more than once")
    return run


# --- output ------------------------------------------------------------------------------


def table(runs: list[Run]) -> str:
    header = (
        f"{'run':<18} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'lost':>5} {'duplicated':>10} {'recovery_s':>10}  errors by status"
    )
    lines = [header, "-" * len(header)]
    for run in runs:
        figures = run.figures()
        errors = run.errors()
        breakdown = ", ".join(f"{status}: {n}" for status, n in sorted(errors.items())) or "-"
        recovery = "none" if run.recovery_s is None else f"{run.recovery_s:g}"
        lines.append(
            f"{run.name:<18} {figures['requests']:>9} {figures['errors']:>7} {figures['p50_ms']:>8.1f} "
            f"{figures['p95_ms']:>8.1f} {figures['p99_ms']:>8.1f} {run.lost:>5} {run.duplicated:>10} "
            f"{recovery:>10}  {breakdown}"
        )
        for kind in (client.READER, client.SEARCHER, client.SURVEY):
            part = run.figures(kind)
            lines.append(
                f"  {kind:<16} {part['requests']:>9} {part['errors']:>7} {part['p50_ms']:>8.1f} "
                f"{part['p95_ms']:>8.1f} {part['p99_ms']:>8.1f}"
            )
    return "\n".join(lines)


def details(run: Run) -> list[str]:
    tally = run.tally
    lines = [
        f"{run.name}: journeys {tally.journeys_started} started, {len(tally.confirmed)} confirmed "
        f"({tally.double_submits} sent twice at once), friendly 503 pages {tally.friendly_503}"
        + (f", abandoned {tally.abandoned}" if tally.abandoned else "")
        + (", invitation pool ran out" if tally.pool_exhausted else "")
    ]
    lines += [f"{run.name}: {key} = {value}" for key, value in run.notes.items()]
    lines += [f"{run.name}: FAILED {failure}" for failure in run.failures]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60, help="the plain load run")
    parser.add_argument("--fault-seconds", type=float, default=45, help="each fault run")
    parser.add_argument("--pool", type=int, default=3000, help="invitations for the survey takers")
    parser.add_argument("--batch", type=int, default=300, help="invitations sent in the worker-kill run")
    parser.add_argument("--runs", default="load,postgres-restart,redis-stop,worker-kill", help="which runs")
    arguments = parser.parse_args()
    began = time.monotonic()
    runs: list[Run] = []
    setup: dict = {}
    with Stack() as stack:
        print(f"stress: private PostgreSQL :{stack.postgres.port}, Redis :{stack.redis.port}, "
              f"SMTP sink :{stack.sink.port}, gunicorn :{stack.web_port}", flush=True)  # fmt: skip
        stack.prepare()
        setup["migrate_collectstatic_s"] = round(time.monotonic() - began, 1)
        data_file = stack.folder / "data.json"
        stack.dataset(
            "seed", "--out", str(data_file), "--pool", str(arguments.pool), "--batch", str(arguments.batch)
        )
        data = json.loads(data_file.read_text())
        setup["seed_s"] = data["seconds"]
        stack.start_app()
        setup["ready_s"] = round(time.monotonic() - began, 1)
        print(f"stress: ready after {setup['ready_s']} s ({len(data['pages'])} pages, "
              f"{len(data['pool'])} invitations for survey takers)", flush=True)  # fmt: skip
        plan = client.Plan(
            base_url=stack.base_url,
            pages=[page["url"] for page in data["pages"]],
            search=data["search"],
            pool=list(reversed(data["pool"])),
            users=arguments.users,
        )
        warm_up(plan)
        schedule = [
            ("load", lambda seconds: load_run(stack, plan, name="load", seconds=seconds), arguments.seconds),
            ("postgres-restart", lambda seconds: postgres_restart(stack, plan, seconds=seconds), None),
            ("redis-stop", lambda seconds: redis_stop(stack, plan, seconds=seconds), None),
            ("worker-kill", lambda seconds: worker_kill(stack, plan, data["batch"], seconds=seconds), None),
        ]
        chosen = arguments.runs.split(",")
        schedule = [entry for entry in schedule if entry[0] in chosen]
        for position, (name, start, seconds) in enumerate(schedule):
            seconds = seconds or fault_seconds(
                began, arguments.fault_seconds, runs_left=len(schedule) - position
            )
            print(f"stress: {name} ({seconds:.0f} s of load)...", flush=True)
            run = start(seconds)
            runs.append(run)
        logs = {name: stack.log_text(name) for name in ("gunicorn", "worker", "beat")}
    setup["total_s"] = round(time.monotonic() - began, 1)
    print()
    print(table(runs))
    print()
    for run in runs:
        for line in details(run):
            print(line)
    print(server_log_summary(logs))
    print(f"stress: whole run {setup['total_s']} s (ready after {setup['ready_s']} s)")
    for run in runs:
        print(run.line())
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"setup": setup, "runs": [run.as_json() for run in runs]}, indent=2) + "\n")
    failed = [run.name for run in runs if run.failures]
    print(f"stress: {'FAILED: ' + ', '.join(failed) if failed else 'all runs passed'}")
    return 1 if failed else 0


def fault_seconds(began: float, wanted: float, *, runs_left: int) -> float:
    """Each fault run's load, shortened when a slow start leaves less of the budget (every
    run also spends about 25 s counting and waiting beside its load)."""
    remaining = BUDGET_SECONDS - (time.monotonic() - began)
    return max(30.0, min(wanted, remaining / runs_left - 25))


def warm_up(plan: client.Plan) -> None:
    """Every page and search once, so the runs start with the caches as a live site has them."""

    async def visit():
        tally = client.Tally()
        async with client.httpx.AsyncClient(timeout=client.REQUEST_TIMEOUT) as http:
            user = client.User(client=http, plan=plan, tally=tally, rng=client.random.Random(1))
            for path in plan.pages:
                await user.request("GET", path, kind=client.READER)
            for path, *words in plan.search.values():
                for word in words:
                    await user.search_for(path, word)
        bad = [s for s in tally.samples if not s.ok]
        if bad:
            raise SystemExit(f"stress: warm-up saw errors: {Counter(str(s.status) for s in bad)}")

    asyncio.run(visit())


def server_log_summary(logs: dict[str, str]) -> str:
    """Which exceptions the servers logged (expected ones during an outage included)."""
    lines = []
    for name, text in logs.items():
        kinds = Counter(re.findall(r"^(\w+(?:\.\w+)*(?:Error|Exception|Exit))\b", text, re.MULTILINE))
        tracebacks = text.count("Traceback (most recent call last)")
        shown = ", ".join(f"{kind} x{n}" for kind, n in kinds.most_common(6)) or "none"
        lines.append(f"stress: {name} log: {tracebacks} tracebacks; exceptions: {shown}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
