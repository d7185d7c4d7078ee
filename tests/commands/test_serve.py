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
