"""Benchmark: a 250 MB video uploaded to a loopback media host, against ``curl -T``.

    .venv/bin/python tests/perf/bench_media_upload.py [--size-mb 250] [--runs 3] [--host both]

Hosts: ``emulator`` (demo mode's ``PUT /__media/{name}``, streamed to disk by uvicorn) and ``s3``
(moto's S3 server, presigned PUT signed by our SigV4). The servers run in this process; each
upload runs in a fresh child process so its memory is measured alone: peak RSS growth is the
child's VmHWM after the upload minus its VmRSS just before (peak reset via /proc/self/clear_refs).
Throughput: file size / wall time of the whole PUT, ours and curl's, same file, same URL kind.
Goals: RSS growth <= 40 MB; our throughput >= 0.8x curl's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1] / "unit" / "media"))
MB = 1024 * 1024


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(field)


def child(args: argparse.Namespace) -> None:
    """Upload once with the app's host class; print JSON {seconds, rss_growth}."""
    import httpx

    from s200desk.services.media import hosts
    from s200desk.services.media.hosts import EmulatorHost, S3Credentials, S3Host

    spec = json.loads(args.child)
    if spec.get("chunk_mb"):
        hosts.CHUNK = int(float(spec["chunk_mb"]) * MB)
    path = Path(spec["path"])
    size = path.stat().st_size

    async def run() -> dict[str, float]:
        async with httpx.AsyncClient() as http:
            if spec["host"] == "s3":
                host: EmulatorHost | S3Host = S3Host(
                    endpoint_url=spec["endpoint"], region="us-east-1", bucket=spec["bucket"],
                    credentials=S3Credentials("AKIDBENCH", "bench-secret"), http=http,
                )
            else:
                host = EmulatorHost(spec["endpoint"], http)
            # Warm the connection path and imports so the baseline is the steady state.
            seen = [0]
            baseline = _status("VmRSS")
            Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
            start = time.perf_counter()
            await host.put(path, spec["key"], content_type="video/mp4", size=size,
                           progress=lambda s, t: seen.__setitem__(0, s))
            seconds = time.perf_counter() - start
            assert seen[0] == size
            return {"seconds": seconds, "rss_growth": _status("VmHWM") - baseline}

    print(json.dumps(asyncio.run(run())))


def ours(spec: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(HERE), "--child", json.dumps(spec)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def curl(path: Path, url: str, content_type: str = "video/mp4") -> float:
    start = time.perf_counter()
    subprocess.run(
        ["curl", "-sS", "--fail", "-T", str(path), "-H", f"Content-Type: {content_type}",
         "-o", "/dev/null", url],
        check=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=250)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--host", choices=["emulator", "s3", "both"], default="both")
    parser.add_argument("--chunk-mb", type=float, default=0, help="override the read size")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    from media_samples import write_mp4

    tmp = Path(tempfile.mkdtemp(prefix="s200-bench-media-"))
    path = write_mp4(tmp / "bench.mp4", args.size_mb * MB - 1, random_data=True)
    size = path.stat().st_size
    hosts = ["emulator", "s3"] if args.host == "both" else [args.host]
    version = sys.version.split()[0]
    print(f"file: {size / MB:.1f} MB random MP4; runs: {args.runs}; python {version}")
    for kind in hosts:
        if kind == "emulator":
            from s200desk.emulator import EmulatorServer

            server = EmulatorServer(seed="basic")
            server.start()
            endpoint = server.site_url
            stop = server.stop
            bucket = ""

            def url_for(key: str, _e: str = endpoint, _b: str = "") -> str:
                return f"{_e}/__media/{key}"
        else:
            import boto3
            from moto.server import ThreadedMotoServer

            moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
            moto.start()
            h, p = moto.get_host_and_port()
            endpoint = f"http://{h}:{p}"
            stop = moto.stop
            bucket = "bench-media"
            boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                         aws_access_key_id="AKIDBENCH",
                         aws_secret_access_key="bench-secret").create_bucket(Bucket=bucket)

            def url_for(key: str, _e: str = endpoint, _b: str = bucket) -> str:
                import httpx

                from s200desk.services.media.hosts import S3Credentials, S3Host

                host = S3Host(endpoint_url=_e, region="us-east-1", bucket=_b,
                              credentials=S3Credentials("AKIDBENCH", "bench-secret"),
                              http=httpx.AsyncClient())
                return host.presigned_put(key, "video/mp4")[0]
        try:
            our_s, growth, curl_s = [], [], []
            for run in range(args.runs):
                got = ours({"host": kind, "endpoint": endpoint, "bucket": bucket,
                            "path": str(path), "key": f"ours-{run}.mp4",
                            "chunk_mb": args.chunk_mb})
                our_s.append(got["seconds"])
                growth.append(got["rss_growth"])
                curl_s.append(curl(path, url_for(f"curl-{run}.mp4")))
        finally:
            stop()
        o, c = statistics.median(our_s), statistics.median(curl_s)
        print(f"[{kind}] ours: median {o:.2f} s = {size / MB / o:.0f} MB/s "
              f"(runs {', '.join(f'{s:.2f}' for s in our_s)}); "
              f"peak RSS growth max {max(growth) / MB:.1f} MB")
        print(f"[{kind}] curl -T: median {c:.2f} s = {size / MB / c:.0f} MB/s "
              f"(runs {', '.join(f'{s:.2f}' for s in curl_s)}); ratio ours/curl "
              f"throughput {c / o:.2f}x (best runs: {min(curl_s) / min(our_s):.2f}x)")
    path.unlink()
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
