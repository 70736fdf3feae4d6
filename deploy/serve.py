"""Serve the dashboard to many people from one machine: N Streamlit processes behind nginx.

    python deploy/serve.py --n 4 --port 8080        (or: make serve N=4 PORT=8080)

Starts `streamlit run dashboard.py` on 127.0.0.1 at ports BACKEND_PORT .. BACKEND_PORT+N-1
(default: PORT+1 onwards), waits until each answers /_stcore/health, then renders
deploy/nginx-main.conf.template and deploy/dashboard.conf.template into a fresh temporary
folder and runs Debian's nginx in the foreground from there (its own pid file, error log and
temporary files; no system configuration is read or changed). nginx listens on LISTEN:PORT
(default 0.0.0.0: this is the command that exposes the dashboard to the network) with
cookie-based session affinity and WebSocket upgrade for /_stcore/stream.

Ctrl-C or SIGTERM stops nginx, then every Streamlit process, and removes the temporary folder
(pass --keep to keep the logs). A backend that dies is restarted after a back-off that doubles
with each recent death (1 s, 2 s, 4 s ... at most 30 s), at most 5 times in any 10 minutes per
backend; past that budget it waits for the window to clear, while nginx and the other backends
go on serving (nginx sends the dead one's browsers to them). Only nginx dying stops everything.
Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import grp
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
NGINX_CANDIDATES = ("/usr/sbin/nginx", "nginx")
# Per backend: at most RESTART_BUDGET restarts in any RESTART_WINDOW seconds, each after a
# back-off of BACKOFF_FIRST x 2^(recent restarts), at most BACKOFF_MAX.
RESTART_BUDGET = 5
RESTART_WINDOW = 600.0
BACKOFF_FIRST = 1.0
BACKOFF_MAX = 30.0
STOP_TIMEOUT = 10.0


def find_nginx() -> str | None:
    for candidate in NGINX_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM if serve.py itself is killed (-9 included)."""
    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError):  # not glibc Linux: the signal handlers still clean up
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def fill(template: str, **values: str) -> str:
    """Replace @name@ placeholders (nginx itself owns every $ in these files)."""
    text = (HERE / template).read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    left = re.search(r"@[a-z_]+@", text)
    if left:
        raise RuntimeError(f"{template}: no value for {left.group()}")
    return text


def upstream_blocks(addresses: list[str]) -> dict[str, str]:
    """The site template's upstream parts for these backends: the random first-visit group,
    one group per backend (it first, the others as `backup`) and the cookie -> group map."""
    servers = "\n".join(f"    server {address} max_fails=0;" for address in addresses)
    routes, groups = [], []
    for i, address in enumerate(addresses):
        routes.append(f'    "{address}" ketamine_backend_{i};')
        others = "".join(f"    server {other} backup;\n" for other in addresses if other != address)
        groups.append(
            f"upstream ketamine_backend_{i} {{\n    server {address} max_fails=0;\n{others}}}"
        )
    return {
        "upstream_servers": servers,
        "pinned_routes": "\n".join(routes),
        "pinned_upstreams": "\n".join(groups),
    }


def render(run_dir: Path, listen: str, port: int, backends: list[int]) -> Path:
    """Write nginx.conf and dashboard.conf into run_dir; return the main file's path."""
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    user_line = ""
    if os.geteuid() == 0:
        # As root, nginx's workers drop to an unprivileged user; they write proxy/body buffers.
        nobody = pwd.getpwnam("nobody")
        user_line = f"user {nobody.pw_name} {grp.getgrgid(nobody.pw_gid).gr_name};"
        run_dir.chmod(0o711)
        for path in [run_dir / "tmp", *(run_dir / "tmp").iterdir()]:
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
    addresses = [f"127.0.0.1:{backend}" for backend in backends]
    site = fill("dashboard.conf.template", listen=f"{listen}:{port}", **upstream_blocks(addresses))
    (run_dir / "dashboard.conf").write_text(site)
    main = fill("nginx-main.conf.template", run_dir=str(run_dir), user_line=user_line)
    conf = run_dir / "nginx.conf"
    conf.write_text(main)
    return conf


class Server:
    """The processes and the clean-up that must run however serve.py ends."""

    def __init__(self, args: argparse.Namespace, nginx: str) -> None:
        self.args = args
        self.nginx = nginx
        self.run_dir = Path(tempfile.mkdtemp(prefix="ketamine-serve-"))
        self.backend_ports = [args.backend_port + i for i in range(args.n)]
        self.backends: dict[int, subprocess.Popen[bytes]] = {}
        # Per backend port: when it was restarted lately, and when it is due to start again.
        self.restarted_at: dict[int, list[float]] = {port: [] for port in self.backend_ports}
        self.due: dict[int, float] = {}
        self.proxy: subprocess.Popen[bytes] | None = None
        self.stopping = False

    def log(self, text: str) -> None:
        print(f"[serve] {text}", flush=True)

    def start_backend(self, port: int) -> None:
        log = open(self.run_dir / f"streamlit-{port}.log", "ab")  # noqa: SIM115 - child owns it
        self.backends[port] = subprocess.Popen(  # noqa: S603 - our own argv
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "dashboard.py"),
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,  # .streamlit/config.toml is read from here
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches only serve.py, which stops them in order
            preexec_fn=_die_with_parent,  # serve.py starts no threads
        )
        log.close()

    def wait_healthy(self, port: int, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{port}/_stcore/health"
        while time.monotonic() < deadline and not self.stopping:
            proc = self.backends[port]
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit on port {port} exited:\n{self.tail(port)}")
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - loopback
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        if not self.stopping:
            raise RuntimeError(f"streamlit on port {port} not healthy after {timeout:.0f} s")

    def tail(self, port: int, lines: int = 20) -> str:
        path = self.run_dir / f"streamlit-{port}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def start(self) -> None:
        for port in self.backend_ports:
            self.start_backend(port)
        for port in self.backend_ports:
            self.wait_healthy(port)
        if self.stopping:
            return
        conf = render(self.run_dir, self.args.listen, self.args.port, self.backend_ports)
        check = subprocess.run(  # noqa: S603 - our own argv
            [self.nginx, "-t", "-q", *self.nginx_paths(conf)],
            capture_output=True,
            text=True,
            check=False,
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx rejected the rendered config {conf}:\n{check.stderr}")
        self.proxy = subprocess.Popen(  # noqa: S603 - our own argv
            [self.nginx, *self.nginx_paths(conf), "-g", "daemon off;"],
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # serve.py starts no threads
        )
        self.wait_listening()
        shown = "localhost" if self.args.listen in ("0.0.0.0", "127.0.0.1") else self.args.listen  # noqa: S104
        self.log(
            f"dashboard on http://{shown}:{self.args.port} (nginx on {self.args.listen}, "
            f"{self.args.n} Streamlit processes on 127.0.0.1:{self.backend_ports[0]}-"
            f"{self.backend_ports[-1]}); logs in {self.run_dir}; Ctrl-C stops everything"
        )

    def nginx_paths(self, conf: Path) -> list[str]:
        # -e: even the log nginx opens before reading its config goes to the run folder.
        err = str(self.run_dir / "nginx-error.log")
        return ["-p", str(self.run_dir), "-e", err, "-c", str(conf)]

    def wait_listening(self, timeout: float = 15.0) -> None:
        host = "127.0.0.1" if self.args.listen in ("0.0.0.0", "*") else self.args.listen  # noqa: S104
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proxy is not None
            if self.proxy.poll() is not None:
                err = (self.run_dir / "nginx-error.log").read_text(errors="replace")
                raise RuntimeError(f"nginx exited ({self.proxy.returncode}):\n{err}")
            try:
                with socket.create_connection((host, self.args.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"nginx not listening on port {self.args.port}")

    def supervise(self) -> int:
        while not self.stopping:
            if self.proxy is not None and self.proxy.poll() is not None:
                self.log(f"nginx exited ({self.proxy.returncode}); stopping")
                return 1
            now = time.monotonic()
            for port, proc in list(self.backends.items()):
                if self.stopping:
                    break
                if port in self.due:
                    if now >= self.due[port]:
                        del self.due[port]
                        self.restarted_at[port].append(now)
                        self.start_backend(port)
                elif proc.poll() is not None:
                    self.due[port] = now + self.restart_delay(port, now)
                    self.log(
                        f"streamlit on {port} exited ({proc.returncode}); restarting in "
                        f"{self.due[port] - now:.0f} s"
                    )
            time.sleep(0.25)
        return 0

    def restart_delay(self, port: int, now: float) -> float:
        """Back-off doubling with each restart in the window; past the budget, wait until the
        oldest restart leaves the window (never give up: the others keep serving meanwhile)."""
        recent = [t for t in self.restarted_at[port] if now - t < RESTART_WINDOW]
        self.restarted_at[port] = recent
        delay = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** len(recent))
        if len(recent) >= RESTART_BUDGET:
            delay = max(delay, recent[-RESTART_BUDGET] + RESTART_WINDOW - now)
            self.log(f"streamlit on {port}: {len(recent)} restarts in the window; holding it back")
        return delay

    def stop(self) -> None:
        """Stop nginx first (no new requests), then the backends; always reap every child."""
        self.stopping = True
        children = ([self.proxy] if self.proxy else []) + list(self.backends.values())
        for proc in children:
            if proc.poll() is None:
                # QUIT would wait for open WebSockets; TERM is nginx's fast shutdown.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for proc in children:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if self.args.keep:
            self.log(f"logs kept in {self.run_dir}")
        else:
            shutil.rmtree(self.run_dir, ignore_errors=True)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2, help="Streamlit processes (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="proxy port (default 8080)")
    parser.add_argument(
        "--listen",
        default="0.0.0.0",  # noqa: S104 - this command's purpose is to expose the dashboard
        help="proxy address (default 0.0.0.0, every interface; 127.0.0.1 for this machine only)",
    )
    parser.add_argument(
        "--backend-port",
        type=int,
        default=None,
        help="first Streamlit port; the others follow it (default PORT+1)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and logs")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    if args.backend_port is None:
        args.backend_port = args.port + 1
    if args.port in range(args.backend_port, args.backend_port + args.n):
        parser.error("the proxy port must not be one of the Streamlit ports")
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    nginx = find_nginx()
    if nginx is None:
        print(
            "serve: nginx not found. Install Debian's: sudo apt-get install nginx-light",
            file=sys.stderr,
        )
        return 2
    server = Server(args, nginx)

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        if not server.stopping:
            server.log(f"{signal.Signals(signum).name}: stopping")
        server.stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        server.start()
        return server.supervise()
    except RuntimeError as err:
        print(f"serve: {err}", file=sys.stderr)
        return 1
    finally:
        server.stop()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
