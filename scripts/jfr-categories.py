#!/usr/bin/env python3
"""Where Payara's time went during one side's measurement, from a Java Flight Recorder recording.

Usage:
  scripts/jfr-categories.py REC.jfr                       # samples per 5 s: find the windows
  scripts/jfr-categories.py REC.jfr HH:MM:SS HH:MM:SS OPS  # categories within a window

Record with `jcmd <payara pid> JFR.start settings=profile filename=REC.jfr dumponexit=true` during
`scripts/bench.sh --scenarios ...` (BENCHMARKS.md, Method). Each execution sample goes to the first
category whose marker frame is on its stack (the order below matters); OPS, the operations of the
window (throughput x seconds, warm-up included), turns counts into samples per operation, which
compare across sides and runs. JFR samples only threads running Java code, so native time (socket
reads, libmongocrypt itself) is not here; stacks are cut at JFR's default depth of 64 frames, so
marker frames are chosen near the leaves.
"""
import collections
import re
import subprocess
import sys

CATEGORIES = [
    ("asynchronous audit work", lambda f, th: "defaultManagedThreadFactory" in th),
    ("tenant registry read", lambda f, th: "TenantStatusLookup" in f),
    ("token check, other", lambda f, th: "TokenAuthenticator" in f),
    (
        "container authentication (JASPIC, Soteria, JACC)",
        lambda f, th: any(
            m in f
            for m in (
                "JaspicRealm",
                "soteria",
                "AuthenticatorBase.postInvoke",
                "hasUserDataPermission",
                "RealmAdapter",
            )
        ),
    ),
    ("decrypting identity fields", lambda f, th: "IdentityProtection.open" in f),
    ("audit event before the answer", lambda f, th: "AuditTrail" in f),
    ("encrypting the lookup value", lambda f, th: "FieldCipher" in f),
    ("the operation's own store calls", lambda f, th: "TenantScopedCollection" in f),
    (
        "module, other (interceptor, resource)",
        lambda f, th: "AuthorizationInterceptor" in f or "org.phirecords.web." in f,
    ),
    ("baseline WAR's resource", lambda f, th: "org.phirecords.bench.baseline" in f),
    ("container, other (HTTP, servlet, JAX-RS)", lambda f, th: True),
]


def samples(path):
    text = subprocess.run(
        ["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    event = None
    for line in text.splitlines():
        if line.startswith("jdk.ExecutionSample"):
            event = {"frames": [], "thread": "", "t": 0.0}
        elif event is None:
            continue
        elif line.startswith("  startTime"):
            event["t"] = seconds(line.split("=", 1)[1].strip())
        elif line.startswith("  sampledThread"):
            event["thread"] = line.split("=", 1)[1]
        elif line.startswith("    ") and not line.strip().startswith("..."):
            event["frames"].append(re.sub(r"\(.*", "", line.strip()))
        elif line.startswith("}"):
            yield event
            event = None


def seconds(clock):
    h, m, s = clock.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def clock(secs):
    return "%02d:%02d:%02d" % (secs // 3600, secs % 3600 // 60, secs % 60)


def windows(path):
    buckets = collections.Counter()
    for e in samples(path):
        buckets[int(e["t"]) // 5 * 5] += 1
    for start in sorted(buckets):
        print(clock(start), buckets[start])


def categories(path, start, end, operations):
    counts = collections.Counter()
    total = 0
    for e in samples(path):
        if not start <= e["t"] < end:
            continue
        stack = " ".join(e["frames"])
        total += 1
        for name, matches in CATEGORIES:
            if matches(stack, e["thread"]):
                counts[name] += 1
                break
    print("samples %d, %.4f per operation" % (total, total / operations))
    for name, _ in CATEGORIES:
        if counts[name]:
            print(
                "%-50s %5d %5.1f%% %.5f/op"
                % (name, counts[name], 100 * counts[name] / total, counts[name] / operations)
            )


if __name__ == "__main__":
    if len(sys.argv) == 2:
        windows(sys.argv[1])
    elif len(sys.argv) == 5:
        categories(sys.argv[1], seconds(sys.argv[2]), seconds(sys.argv[3]), float(sys.argv[4]))
    else:
        sys.exit(__doc__)
