"""Several dashboard processes behind nginx: `python -m deploy.serve_many [options] [streamlit options]`.

Starts N servers the way run.sh does (`python -m ui.serve --server.address 127.0.0.1 --server.port P`),
all on the store named by DATABASE_URL (one PostgreSQL for real use), and Debian's nginx in front of them
with the configuration in deploy/nginx.conf (sticky sessions by cookie, websockets, uploads). nginx runs
as an unprivileged process with its own prefix (configuration, logs, temporary files); started as root it
runs as `nobody`. A server that dies is started again (after 1 s, doubling up to 30 s while it keeps dying
at once, as run.sh does); Ctrl-C or SIGTERM stops everything.

Options: --processes N (2), --first-port P (8501; servers on P, P+1, …) or --ports P1,P2,…,
--listen [ADDR:]PORT (8080), --prefix DIR (a new temporary folder), --max-body-mb M (Streamlit's
server.maxUploadSize). Anything else is passed to every server.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
UNPRIVILEGED = "nobody"


def say(text: str) -> None:
    """One line for the operator, on stderr."""
    sys.stderr.write(f"serve_many：{text}\n")
    sys.stderr.flush()


def render(ports: list[int], listen: str, prefix: Path, max_body_mb: int) -> str:
    """deploy/nginx.conf with its {{…}} fields filled in."""
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=0;" for port in ports)
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in {"PREFIX": str(prefix), "SERVERS": servers, "LISTEN": listen,
                       "MAX_BODY_MB": str(max_body_mb), "STREAMLIT_STATIC": str(streamlit_static())}.items():
        text = text.replace("{{" + key + "}}", value)
    assert "{{" not in text, "deploy/nginx.conf has a field serve_many does not fill"
    return text


def streamlit_static() -> Path:
    """The folder Streamlit serves its browser code from (its URL /static/… is this folder's static/…)."""
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static"


def streamlit_upload_limit_mb() -> int:
    """Streamlit's own upload ceiling as configured for this app (.streamlit/config.toml, else its default)."""
    from streamlit import config

    cwd = os.getcwd()
    os.chdir(ROOT)  # Streamlit reads .streamlit/config.toml from the working folder
    try:
        return int(config.get_option("server.maxUploadSize"))
    finally:
        os.chdir(cwd)


def server_command(port: int, extra: list[str]) -> list[str]:
    """The command run.sh uses to start one server, on one local port."""
    return [sys.executable, "-m", "ui.serve", "--server.address", "127.0.0.1", "--server.port", str(port), *extra]


def prepare_prefix(prefix: Path, conf: str) -> Path:
    """Write the configuration and the folders nginx needs under `prefix`; returns the configuration's path."""
    for sub in ("logs", "tmp"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    path = prefix / "nginx.conf"
    path.write_text(conf, encoding="utf-8")
    if os.geteuid() == 0:  # nginx itself will run as nobody: it must be able to write its own prefix
        prefix.chmod(0o755)
        for item in [prefix, *prefix.rglob("*")]:
            shutil.chown(item, user=UNPRIVILEGED)
    return path


def nginx_command(prefix: Path, conf: Path) -> list[str]:
    return [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "logs" / "error.log"),
            "-g", "daemon off;"]


def start_nginx(prefix: Path, conf: Path) -> subprocess.Popen[bytes]:
    """nginx in the foreground as an unprivileged process (as `nobody` when started by root)."""
    check = subprocess.run([*nginx_command(prefix, conf), "-t", "-q"], capture_output=True, text=True,
                           user=_unprivileged())
    if check.returncode != 0:
        hint = ("；以 root 启动时 nginx 以 nobody 身份运行，前缀目录及其各级上级目录须允许 nobody 进入"
                if _unprivileged() else "")
        raise SystemExit(f"nginx 无法按 {conf} 启动：{check.stderr.strip()}{hint}")
    return subprocess.Popen(nginx_command(prefix, conf), user=_unprivileged())


def _unprivileged() -> str | None:
    return UNPRIVILEGED if os.geteuid() == 0 else None


def wait_healthy(url: str, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


class Servers:
    """N dashboard servers, each started again when it dies (1 s, doubling to 30 s while it keeps dying)."""

    def __init__(self, ports: list[int], extra: list[str], logs: Path) -> None:
        self.ports, self.extra, self.logs = ports, extra, logs
        self.procs: dict[int, subprocess.Popen[bytes]] = {}
        self.started: dict[int, float] = {}
        self.delay: dict[int, float] = {port: 1.0 for port in ports}
        self.due: dict[int, float] = {}

    def start(self, port: int) -> None:
        log = open(self.logs / f"server-{port}.log", "ab")  # noqa: SIM115 - the child keeps it open
        self.procs[port] = subprocess.Popen(server_command(port, self.extra), cwd=ROOT, stdout=log,
                                            stderr=subprocess.STDOUT)
        self.started[port] = time.monotonic()

    def start_all(self) -> None:
        for port in self.ports:
            self.start(port)

    def watch(self) -> None:
        now = time.monotonic()
        for port, proc in list(self.procs.items()):
            if port in self.due:
                if now >= self.due.pop(port):
                    self.start(port)
                continue
            code = proc.poll()
            if code is None:
                continue
            if now - self.started[port] > 60:
                self.delay[port] = 1.0  # it had been serving: start it again soon
            say(f"端口 {port} 的服务进程已退出（退出码 {code}），{self.delay[port]:.0f} 秒后重新启动")
            self.due[port] = now + self.delay[port]
            self.delay[port] = min(self.delay[port] * 2, 30.0)

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="python -m deploy.serve_many", description="多个看板进程，前置 nginx")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--first-port", type=int, default=8501)
    parser.add_argument("--ports", default="")
    parser.add_argument("--listen", default="8080")
    parser.add_argument("--prefix", default="")
    parser.add_argument("--max-body-mb", type=int, default=0)
    args, extra = parser.parse_known_args(argv)
    if args.ports:
        try:
            args.port_list = [int(p) for p in args.ports.split(",")]
        except ValueError:
            parser.error(f"--ports 应为逗号分隔的端口号，收到：{args.ports}")
    else:
        if args.processes < 1:
            parser.error("--processes 至少为 1")
        args.port_list = [args.first_port + i for i in range(args.processes)]
    return args, extra


def main(argv: list[str]) -> int:
    args, extra = parse(argv)
    if not Path(NGINX).exists():
        say(f"找不到 nginx（{NGINX}）：请先安装 Debian 的 nginx 软件包（apt-get install nginx-light）。")
        return 1
    prefix = Path(args.prefix) if args.prefix else Path(tempfile.mkdtemp(prefix="targets-nginx-"))
    max_body = args.max_body_mb or streamlit_upload_limit_mb()
    conf = prepare_prefix(prefix, render(args.port_list, args.listen, prefix, max_body))
    servers = Servers(args.port_list, extra, prefix / "logs")
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    servers.start_all()
    nginx = None
    try:
        nginx = start_nginx(prefix, conf)
        for port in args.port_list:
            if not wait_healthy(f"http://127.0.0.1:{port}"):
                say(f"端口 {port} 的服务进程未能启动，日志见 {prefix / 'logs'}")
        say(f"{len(args.port_list)} 个服务进程（端口 {', '.join(map(str, args.port_list))}），"
            f"nginx 监听 {args.listen}，配置 {conf}")
        while not stopping:
            if nginx.poll() is not None:
                say(f"nginx 已退出（退出码 {nginx.returncode}），日志见 {prefix / 'logs' / 'error.log'}")
                return 1
            servers.watch()
            time.sleep(0.5)
        return 0
    finally:
        if nginx is not None and nginx.poll() is None:
            nginx.terminate()  # open websockets would hold a graceful stop (SIGQUIT) for a day
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx.kill()
        servers.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
