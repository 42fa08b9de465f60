"""Start a throwaway Milvus standalone server for the tests (ADR 0076); run by .ci/milvus_server.

Uses the `milvus` PyPI package (milvus-io's embedded Milvus 2.3.5: the real Milvus binary with
embedded etcd and local storage) only for its binary and config template. Every listening port
is a free local one, including the embedded etcd's client and peer ports (the package fixes the
peer port at 2380, so two servers on one machine could not run side by side), and the server
is detached, so this script exits once the server answers its health check.

    python milvus_launch.py start BIN_CACHE DATA_DIR   -> prints the gRPC port
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_ports(n: int) -> list[int]:
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def _write_config(data: Path, ports: dict[str, int], etcd_peer: int) -> None:
    import milvus

    cfg = milvus.MilvusServerConfig(data_dir=str(data), **ports)
    cfg.resolve()  # fills the template: ports, storage under data/, logs under data/logs
    etcd_yaml = data / "configs" / "etcd.yaml"
    c, p = ports["etcd_port"], etcd_peer
    etcd_yaml.write_text(
        "name: culti-ci\n"
        f"listen-client-urls: http://127.0.0.1:{c}\nadvertise-client-urls: http://127.0.0.1:{c}\n"
        f"listen-peer-urls: http://127.0.0.1:{p}\ninitial-advertise-peer-urls: http://127.0.0.1:{p}\n"
        f"initial-cluster: culti-ci=http://127.0.0.1:{p}\n",
        "utf-8",
    )
    conf = data / "configs" / "milvus.yaml"
    text = conf.read_text("utf-8")
    text = text.replace("\netcd:\n", f"\netcd:\n  config:\n    path: {etcd_yaml}\n", 1)
    conf.write_text(text, "utf-8")


def start(bin_cache: Path, data: Path) -> int:
    import milvus

    milvus._initialize_data_files(str(bin_cache))  # unpacks bin/ once per cache (md5-checked)
    keys = [k for k in milvus.MilvusServerConfig().configurable_items if k.endswith("_port")]
    free = _free_ports(len(keys) + 2)
    ports = dict(zip(keys, free, strict=False))
    etcd_peer, metrics = free[len(keys)], free[len(keys) + 1]
    _write_config(data, ports, etcd_peer)
    binary = bin_cache / "bin" / "milvus"
    env = dict(os.environ)
    env.update(
        DEPLOY_MODE="STANDALONE",
        METRICS_PORT=str(metrics),
        MILVUSCONF=str(data / "configs"),
        LD_LIBRARY_PATH=f"{binary.parent}:{env.get('LD_LIBRARY_PATH', '')}",
    )
    logs = data / "logs"
    with open(logs / "milvus-stdout.log", "wb") as out, open(logs / "milvus-stderr.log", "wb") as err:
        proc = subprocess.Popen(
            [str(binary), "run", "standalone", "--alias", f"culti{ports['proxy_port']}"],
            cwd=data,
            env=env,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    (data / "pid").write_text(str(proc.pid), "utf-8")
    deadline = time.monotonic() + float(os.environ.get("CULTI_MILVUS_START_TIMEOUT", "300"))
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.stderr.write((logs / "milvus-stderr.log").read_text("utf-8", "replace")[-3000:])
            raise SystemExit(f"milvus_server: the server exited ({proc.returncode}); logs in {logs}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{metrics}/healthz", timeout=5) as r:
                if b"OK" in r.read():
                    time.sleep(1)
                    return ports["proxy_port"]
        except OSError:
            pass
        time.sleep(0.5)
    proc.terminate()
    raise SystemExit(f"milvus_server: not healthy after the timeout; logs in {logs}")


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "start":
        raise SystemExit(__doc__)
    print(start(Path(sys.argv[2]), Path(sys.argv[3])))
