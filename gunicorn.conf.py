"""gunicorn's settings for the web process of the Procfile; gunicorn reads ./gunicorn.conf.py by itself."""

import gunicorn.http.wsgi

# gunicorn writes its own name in a Server header on every response, telling an attacker what to aim at;
# the header cannot be left out, so it names nothing.
gunicorn.http.wsgi.SERVER = "portal"
