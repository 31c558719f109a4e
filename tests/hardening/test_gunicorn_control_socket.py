"""Two portals run by one user on one host do not share gunicorn's control socket: gunicorn.conf.py opens none."""

import os

from tests.support.gunicorn import running_gunicorn


def test_gunicorn_opens_no_control_socket(tmp_path):
    # gunicorn's default path is $XDG_RUNTIME_DIR/gunicorn.ctl, else ~/.gunicorn/gunicorn.ctl: both point here.
    runtime, home = tmp_path / "runtime", tmp_path / "home"
    runtime.mkdir()
    home.mkdir()
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "HOME": str(home)}
    with running_gunicorn(env=env, first_path="/no-such-page/") as server:
        assert server.first_answer.status == 404
        assert list(runtime.iterdir()) == []
        assert list(home.iterdir()) == []
