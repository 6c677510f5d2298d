"""The several-process deployment: deploy/nginx.conf as the README shows it, filled in by deploy/serve_many.py."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from deploy import serve_many

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_shows_the_configuration_the_launcher_and_the_browser_test_use():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert serve_many.TEMPLATE.read_text(encoding="utf-8").strip() in readme


def test_every_field_is_filled_and_each_port_is_one_server(tmp_path):
    conf = serve_many.render([18501, 18502, 18503], "127.0.0.1:18080", tmp_path, 200)
    assert "{{" not in conf and "}}" not in conf
    assert conf.count("server 127.0.0.1:") == 3 and "server 127.0.0.1:18503 max_fails=0;" in conf
    assert "listen 127.0.0.1:18080;" in conf and "client_max_body_size 200m;" in conf
    assert f"pid {tmp_path}/nginx.pid;" in conf
    assert "hash $route_key consistent;" in conf  # sticky by cookie, not by client address


def test_the_proxy_lets_through_what_streamlit_accepts():
    # an oversized workbook must reach the app, which refuses it in Chinese (README: max_upload_mb)
    assert serve_many.streamlit_upload_limit_mb() == 200


def test_a_server_is_started_the_way_run_sh_starts_one():
    cmd = serve_many.server_command(18501, ["--server.headless", "true"])
    assert cmd[1:] == ["-m", "ui.serve", "--server.address", "127.0.0.1", "--server.port", "18501",
                       "--server.headless", "true"]
    assert "-m ui.serve --server.address" in (ROOT / "run.sh").read_text(encoding="utf-8")


def test_ports_come_from_the_count_or_the_list():
    args, extra = serve_many.parse(["--processes", "3", "--first-port", "9000", "--server.headless", "true"])
    assert args.port_list == [9000, 9001, 9002] and extra == ["--server.headless", "true"]
    assert serve_many.parse(["--ports", "7001,7005"])[0].port_list == [7001, 7005]
    with pytest.raises(SystemExit):
        serve_many.parse(["--ports", "7001,x"])


@pytest.mark.skipif(not Path(serve_many.NGINX).exists(), reason="nginx not installed (test.sh installs it as root)")
def test_nginx_accepts_the_filled_configuration(tmp_path):
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    conf = serve_many.prepare_prefix(prefix, serve_many.render([18501, 18502], "127.0.0.1:18080", prefix, 200))
    done = subprocess.run([*serve_many.nginx_command(prefix, conf), "-t"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_server_that_dies_is_started_again_later_each_time_it_keeps_dying(tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(serve_many, "server_command", lambda port, extra: [sys.executable, "-c", "raise SystemExit(3)"])
    servers = serve_many.Servers([18501], [], tmp_path)
    servers.start_all()
    first = servers.procs[18501]
    first.wait()
    servers.watch()  # noticed: due again after 1 s, and the next wait doubles
    assert 18501 in servers.due and servers.delay[18501] == 2.0 and servers.procs[18501] is first
    servers.due[18501] = 0.0  # the wait is over
    servers.watch()
    assert servers.procs[18501] is not first and 18501 not in servers.due
    servers.procs[18501].wait()
    servers.watch()
    assert servers.delay[18501] == 4.0
    servers.stop()
