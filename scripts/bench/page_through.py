"""Pages through /collections/sources/items?status=unlicensed&limit=10000 by its next links,
checking every unlicensed source arrives exactly once, and samples the server's RSS."""
import json, subprocess, sys, urllib.request

base, pid, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])

def rss_mb():
    return int(open(f"/proc/{pid}/status").read().split("VmRSS:")[1].split()[0]) / 1024

url = f"{base}/collections/sources/items?status=unlicensed&limit=10000"
seen, pages, peak = [], 0, rss_mb()
while url:
    with urllib.request.urlopen(url) as response:
        page = json.load(response)
    peak = max(peak, rss_mb())
    seen += [f["id"] for f in page["features"]]
    pages += 1
    url = next((l["href"] for l in page["links"] if l["rel"] == "next"), None)
print(f"pages {pages}, features {len(seen)}, distinct {len(set(seen))}, expected {expected}, server RSS peak {peak:.0f} MB")
sys.exit(0 if len(seen) == len(set(seen)) == expected else 1)
