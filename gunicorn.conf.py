"""gunicorn's settings for the web process of the Procfile; gunicorn reads ./gunicorn.conf.py by itself."""

import gunicorn.http.wsgi

# gunicorn writes its own name in a Server header on every response, telling an attacker what to aim at;
# the header cannot be left out, so it names nothing.
gunicorn.http.wsgi.SERVER = "portal"

# gunicorn opens a control socket for `gunicornc` at one path per user ($XDG_RUNTIME_DIR/gunicorn.ctl or
# ~/.gunicorn/gunicorn.ctl), so two portals run by the same user on one host would fight over it. The portal is
# managed by its process supervisor (restart, reload by signal), never through gunicornc: no socket at all.
control_socket_disable = True

# nginx keeps idle connections open to each node (deploy/nginx: `keepalive` in the upstream) and closes them after
# its keepalive_timeout, 60 s. A node that closed one first (gunicorn's default: 2 s) resets a request nginx sends
# on it at that moment; nginx never resends a POST, so the person gets a 502 and the node is marked down for
# fail_timeout. Keeping them longer than nginx does leaves the closing to nginx.
keepalive = 75
