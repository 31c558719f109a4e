#!/usr/bin/env bash
# Page speed as a ratio to the plain reference site (../shared/bench/reference), measured in the same run.
#
#   bench/pages.sh            # needs PostgreSQL on 127.0.0.1, wrk (apt-get install wrk), make test's .venv
#
# Both sites run under gunicorn with 2 sync workers and DEBUG off; wrk uses one thread, 16 connections and
# "Connection: close", as the reference README describes. Prints requests/second and the ratio of each portal
# page to the reference /programme/ (database pages) and /hello/ (the floor).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
REF=$ROOT/../shared/bench/reference
DURATION=${DURATION:-10s}
PORTAL_PORT=8012
REF_PORT=8011
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

for db in bench_portal bench_reference; do
  dropdb -h 127.0.0.1 -U postgres --if-exists "$db"
  createdb -h 127.0.0.1 -U postgres "$db"
done

export PORTAL_ENV=production SECRET_KEY=bench-only-"$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false CONN_MAX_AGE=600 LOG_LEVEL=WARNING CACHE_URL=locmemcache://
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_portal
$PY manage.py migrate -v0
$PY manage.py seed_demo >/dev/null
$PY manage.py collectstatic --noinput -v0

export REF_DB_NAME=bench_reference
(cd "$REF" && PYTHONDONTWRITEBYTECODE=1 $PY manage.py migrate -v0 && PYTHONDONTWRITEBYTECODE=1 $PY manage.py ref_seed >/dev/null)

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
(cd "$REF" && PYTHONDONTWRITEBYTECODE=1 exec "$ROOT/.venv/bin/gunicorn" refsite.wsgi:application -b 127.0.0.1:$REF_PORT -w 2 -k sync --log-level warning) &
pids+=($!)
"$ROOT/.venv/bin/gunicorn" greencustoms.wsgi:application -b 127.0.0.1:$PORTAL_PORT -w 2 -k sync --log-level warning &
pids+=($!)
sleep 3

seoul=$($PY manage.py shell -v0 -c "from workshops.models import Workshop; print(Workshop.objects.get(start_date='2015-11-10').slug)")

rate() {
  local url=$1 code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  [ "$code" = 200 ] || { echo "HTTP $code"; return; }
  wrk -t1 -c16 -d"$DURATION" -H "Connection: close" "$url" | awk '/Requests\/sec/ {print $2}'
}

ref_hello=$(rate http://127.0.0.1:$REF_PORT/hello/)
ref_programme=$(rate http://127.0.0.1:$REF_PORT/programme/)
printf '%-45s %10s %12s\n' "page" "req/s" "ratio"
printf '%-45s %10s %12s\n' "reference /hello/" "$ref_hello" "1"
printf '%-45s %10s %12s\n' "reference /programme/" "$ref_programme" "1"
for path in / /workshops/ "/workshops/$seoul/" "/workshops/$seoul/programme.ics"; do
  r=$(rate "http://127.0.0.1:$PORTAL_PORT$path")
  case "$r" in HTTP*) printf '%-45s %10s\n' "portal $path" "$r"; continue ;; esac
  printf '%-45s %10s %12s\n' "portal $path" "$r" "$(awk -v a="$r" -v b="$ref_programme" 'BEGIN {printf "%.2f × prog", a/b}')"
done
