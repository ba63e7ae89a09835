#!/usr/bin/env python3
"""Readers during writes (issue 16, point 4): GIS clients page through the sources while the
server loads a whole snapshot and then takes a burst of field writes.

    scripts/readers-during-writes.py [--sources N] [--readers N] [--burst-seconds S] WORKDIR

WORKDIR holds the province and its second snapshot (scripts/crash-test.sh makes them, run
first with --kills 0). A server on a copy of the province:
  1. while an admin uploads the snapshot (`POST /ingest/sources`), `--readers` clients page
     through `/collections/sources/items` (1,000 a page, at random offsets): every page must be
     exactly the old register's page at that offset or exactly the new one's, with that
     state's `numberMatched` (a page that mixed the two states, or counted one and listed the
     other, matches neither);
  2. while four editors send field writes (sources set to rectifying, new sources found) for
     `--burst-seconds`, the readers ask for every rectifying source in one page and every
     unlicensed source's count: each answer must list exactly `numberMatched` features, all
     rectifying, never fewer than the reader saw before (the writes only add);
and no request may fail. Prints what it checked and exits 1 at the first violation.
BIN=path names the binary (default: the release build).
"""
import argparse
import importlib.util
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("crash", os.path.join(ROOT, "scripts/crash-test-http.py"))
crash = importlib.util.module_from_spec(spec)
spec.loader.exec_module(crash)
fail, request, Server = crash.fail, crash.request, crash.Server

PAGE = 1000


def pages(db):
    """Every page of the register as the server orders it (by row), with the state's count."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ids = [row[0] for row in conn.execute("SELECT source_id FROM sources WHERE removed_on IS NULL ORDER BY id")]
    conn.close()
    return len(ids), ids


def get(url):
    started = time.time()
    with urllib.request.urlopen(url, timeout=120) as response:
        if response.status != 200:
            fail(f"{url}: {response.status}")
        return json.loads(response.read()), time.time() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=661494)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--burst-seconds", type=float, default=20)
    parser.add_argument("work")
    options = parser.parse_args()
    binary = crash.permitwatch_binary()
    # The province, its snapshot and the tokens, as the HTTP crash test makes them.
    made = subprocess.run([sys.executable, os.path.join(ROOT, "scripts/crash-test-http.py"), "--mode", "upload", "--kills", "0",
                           "--sources", str(options.sources), options.work], env=dict(os.environ, BIN=binary), capture_output=True, text=True)
    if made.returncode != 0:
        fail("scripts/crash-test-http.py could not make the province:\n" + made.stdout + made.stderr)
    work = options.work
    http_base = os.path.join(work, f"http-base-{options.sources}.sqlite")
    tokens = json.load(open(http_base + ".tokens"))
    snapshot = open(os.path.join(work, f"snapshot-{options.sources}.csv"), "rb").read()
    trial = os.path.join(work, "readers-trial.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(trial + suffix):
            os.remove(trial + suffix)
    shutil.copy(http_base, trial)
    old_count, old_ids = pages(trial)

    server = Server(binary, trial, open(os.path.join(work, "serve.log"), "ab"))
    stop = threading.Event()
    seen = []
    lock = threading.Lock()
    latencies = []

    def page_reader(number):
        rng = random.Random(number)
        while not stop.is_set():
            offset = rng.randrange(0, max(old_count, 1)) // PAGE * PAGE
            try:
                page, seconds = get(f"{server.base}/collections/sources/items?limit={PAGE}&offset={offset}")
            except Exception as error:  # noqa: BLE001: any failure of a read is the finding
                stop.set()
                fail(f"a page read failed during the upload: {error}")
            ids = [feature["id"] for feature in page["features"]]
            with lock:
                seen.append((offset, page["numberMatched"], ids))
                latencies.append(seconds)

    readers = [threading.Thread(target=page_reader, args=(n,)) for n in range(options.readers)]
    for reader in readers:
        reader.start()
    time.sleep(0.5)
    started = time.time()
    status, body = request("POST", server.base + "/ingest/sources?as_of=2021-01-04", tokens["admin"], snapshot, str(uuid.uuid4()), "text/csv", timeout=900)
    upload_seconds = time.time() - started
    time.sleep(0.5)
    stop.set()
    for reader in readers:
        reader.join()
    if status != 200:
        fail(f"the upload failed: {status} {body[:300]!r}")
    new_count, new_ids = pages(trial)
    olds = news = 0
    for offset, matched, ids in seen:
        if matched == old_count and ids == old_ids[offset:offset + PAGE]:
            olds += 1
        elif matched == new_count and ids == new_ids[offset:offset + PAGE]:
            news += 1
        else:
            fail(f"a page at offset {offset} (numberMatched {matched}) is neither the old state's ({old_count}) nor the new one's ({new_count})")
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else 0
    print(f"during a {upload_seconds:.2f} s snapshot upload ({old_count} → {new_count} sources): {len(seen)} pages of {PAGE} read by "
          f"{options.readers} readers, none failed; {olds} wholly the old state, {news} wholly the new one; p99 {p99 * 1000:.0f} ms", flush=True)

    # 2. A burst of field writes.
    stop.clear()
    checked = [0]
    conn = sqlite3.connect(f"file:{trial}?mode=ro", uri=True)
    candidates = conn.execute("SELECT source_id, lon, lat FROM sources WHERE removed_on IS NULL AND status = 'unlicensed' LIMIT 2000").fetchall()
    conn.close()

    def filter_reader(number):
        known = set()
        while not stop.is_set():
            try:
                page, _ = get(f"{server.base}/collections/sources/items?status=rectifying&limit=10000")
                count, _ = get(f"{server.base}/collections/sources/items?status=unlicensed&limit=1")
            except Exception as error:  # noqa: BLE001
                stop.set()
                fail(f"a read failed during the write burst: {error}")
            ids = {feature["id"] for feature in page["features"]}
            if page["numberMatched"] != len(page["features"]) or any(f["properties"]["status"] != "rectifying" for f in page["features"]):
                fail(f"a page counted {page['numberMatched']} rectifying sources and listed {len(page['features'])} (or another status)")
            if not known <= ids:
                fail(f"a later page lost {len(known - ids)} rectifying sources seen before")
            if count["numberMatched"] < 1:
                fail("no unlicensed source counted")
            known = ids
            with lock:
                checked[0] += 1

    acknowledged = [0]

    def writer(number):
        rng = random.Random(1000 + number)
        while not stop.is_set():
            source, lon, lat = candidates[rng.randrange(len(candidates))]
            if rng.random() < 0.5:
                status, reply = request("PATCH", f"{server.base}/sources/{source}", tokens["editor"],
                                        json.dumps({"status": "rectifying", "effective_date": "2021-01-06", "deadline": "2021-03-01"}).encode(), str(uuid.uuid4()))
            else:
                status, reply = request("POST", f"{server.base}/sources", tokens["editor"],
                                        json.dumps({"name": f"found {uuid.uuid4()}", "lon": lon + 0.0002, "lat": lat + 0.0002, "date": "2021-01-06"}).encode(), str(uuid.uuid4()))
            if status not in (200, 201):
                stop.set()
                fail(f"a field write failed: {status} {reply[:300]!r}")
            with lock:
                acknowledged[0] += 1

    threads = [threading.Thread(target=filter_reader, args=(n,)) for n in range(options.readers)]
    threads += [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(options.burst_seconds)
    stop.set()
    for thread in threads:
        thread.join()
    server.kill()
    print(f"during {options.burst_seconds:.0f} s of field writes ({acknowledged[0]} acknowledged): {checked[0]} filtered pages, none failed, "
          f"each listing exactly its numberMatched, none losing a source seen before")


if __name__ == "__main__":
    main()
