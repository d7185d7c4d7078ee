"""`careprint serve` on the command line: it refuses to open to other computers unasked."""


def test_another_address_without_a_password_is_refused(mini, run_cli, monkeypatch):
    monkeypatch.delenv("CAREPRINT_SERVE_TOKEN", raising=False)
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "0")
    assert result.status == 1 and result.out == ""
    assert result.err_lines == ["careprint: error: --host 0.0.0.0 lets other computers open "
                                "patients' sheets: set CAREPRINT_SERVE_TOKEN to a long "
                                "password first, or leave out --host"]


def test_a_folder_without_a_library_is_one_line(tmp_path, run_cli):
    result = run_cli("serve", "--port", "0", cwd=tmp_path)
    assert result.status == 1 and len(result.err_lines) == 1
    assert "handouts is not a folder" in result.err


def test_a_wrong_port_is_a_usage_error(mini, run_cli):
    result = run_cli("serve", "--port", "http")
    assert result.status == 2 and "'http' is not a port from 0 to 65535" in result.err


def test_stopping_during_a_library_check_leaves_no_process_behind(tmp_path):
    """SIGTERM (a service manager's stop) while /check lays pages out in worker processes:
    the workers must end with the server, not live on as orphans."""
    import re
    import subprocess
    import sys
    import threading
    import time
    import shutil
    import urllib.request

    from conftest import REPO

    library = tmp_path / "shipped"  # long enough to check that stopping lands in the middle
    for folder in ("handouts", "templates", "assets"):
        shutil.copytree(REPO / folder, library / folder)
    server = subprocess.Popen([sys.executable, "-m", "careprint", "serve", "--port", "0",
                               "--library", str(library)], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    url = re.search(r"(http://\S+/)", server.stdout.readline()).group(1)

    def check() -> None:
        try:
            urllib.request.urlopen(url + "check", timeout=30).read()
        except OSError:
            pass  # the server stopped first

    asking = threading.Thread(target=check)
    asking.start()
    time.sleep(0.5)  # the check has started its workers
    server.terminate()
    assert server.wait(timeout=30) == 0  # stopped as asked
    asking.join()
    time.sleep(0.5)
    listing = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert [line for line in listing.splitlines() if str(library) in line] == []
