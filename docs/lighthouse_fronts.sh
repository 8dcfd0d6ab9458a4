#!/bin/sh
# Lighthouse on the reader site's home, section, tag, search and article pages, on a
# phone (Lighthouse's default: mobile emulation and simulated throttling), 3 runs each;
# prints the median of each category per page.
#
#   docs/lighthouse_fronts.sh                  # builds and serves a scratch demo site
#   docs/lighthouse_fronts.sh BASE_URL SECTION_PATH TAG_PATH ARTICLE_PATH
#
# With no argument it creates a scratch SQLite database under /tmp with the demo content
# plus 60 generated articles (`load_demo`, `seed_demo --articles 60`, `generate_renditions`),
# collects the static files there, serves the site with gunicorn (2 workers, DEBUG off,
# static files by WhiteNoise as in production; uploaded photos by WhiteNoise too, with the
# headers of newsroom/media.py) on a free port of 127.0.0.1, measures, then stops the
# server and deletes the scratch site (the JSON reports are kept).
#
# Needs, outside the repository (never commit node_modules):
#   mkdir -p /work/lh && cd /work/lh && npm install lighthouse@12
# and Debian's chromium (never a downloaded browser). Environment:
#   LIGHTHOUSE_DIR  where lighthouse is installed (default /work/lh, else ~/lh)
#   CHROME_PATH     the browser (default /usr/bin/chromium)
#   RUNS            runs per page (default 3; the table shows the median)
#   NICE            e.g. -15 (root only): Lighthouse and its chromium at raised priority,
#                   so that on a busy machine the score measures the page, not the neighbours
#   OUT             where the JSON reports go (default /tmp/lighthouse.XXXXXX/reports)
# Prints the load average before and after, and under a category below 100 its failing
# audits (from the run with the median performance).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON="$ROOT/.venv/bin/python"
if [ -z "${LIGHTHOUSE_DIR:-}" ]; then
  LIGHTHOUSE_DIR=/work/lh
  [ -x "$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse" ] || LIGHTHOUSE_DIR=$HOME/lh
fi
LIGHTHOUSE="$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse"
if [ ! -x "$LIGHTHOUSE" ]; then
  echo "No lighthouse in $LIGHTHOUSE_DIR; install it with:" >&2
  echo "  mkdir -p $LIGHTHOUSE_DIR && cd $LIGHTHOUSE_DIR && npm install lighthouse@12" >&2
  exit 1
fi
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
RUNS=${RUNS:-3}
SEARCH="/recherche/?q=port"
SCRATCH=$(mktemp -d /tmp/lighthouse.XXXXXX)
OUT=${OUT:-$SCRATCH/reports}
mkdir -p "$OUT"
SERVER_PID=

cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$SCRATCH/site"
  rmdir "$SCRATCH" 2>/dev/null || true  # empty when OUT is elsewhere
}
trap cleanup EXIT
trap 'exit 130' INT TERM

serve_scratch_site() {
  site="$SCRATCH/site"
  mkdir -p "$site"
  # DEBUG off, the app does not serve uploads (a web server or an object store does in
  # production): WhiteNoise serves MEDIA_ROOT in front of the site, with the media headers.
  cat >"$site/lighthouse_wsgi.py" <<'EOF'
from django.conf import settings
from whitenoise import WhiteNoise

from newsroom.media import MEDIA_HEADERS
from newsroom.wsgi import application as site


def media_headers(headers, path, url):
    for name, value in MEDIA_HEADERS.items():
        headers[name] = value


application = WhiteNoise(site, max_age=86400, add_headers_function=media_headers)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
EOF
  port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  BASE="http://127.0.0.1:$port"
  # bench.settings: the production settings, STATIC_ROOT in the scratch folder.
  export DJANGO_SETTINGS_MODULE=bench.settings DJANGO_DEBUG=0 \
    DJANGO_SECRET_KEY="lighthouse-scratch-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" \
    DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_SECURE_HSTS_SECONDS=0 \
    DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DATABASE_URL="sqlite:///$site/db.sqlite3" \
    MEDIA_ROOT="$site/media" BENCH_STATIC_ROOT="$site/static" NEWSROOM_BASE_URL="$BASE" \
    DJANGO_LOG_LEVEL=ERROR PYTHONPATH="$site:$ROOT"
  cd "$ROOT"
  echo "Building a scratch site in $site ..." >&2
  "$PYTHON" manage.py migrate --noinput >/dev/null
  "$PYTHON" manage.py load_demo >/dev/null
  "$PYTHON" manage.py seed_demo --articles 60 >/dev/null
  # Uploads get their WebP and JPEG renditions when saved; generated photos get them here.
  "$PYTHON" manage.py generate_renditions >/dev/null
  "$PYTHON" manage.py collectstatic --noinput -v 0
  # The newest illustrated article, its top-level section, the most used tag.
  paths=$("$PYTHON" manage.py shell --no-imports -c '
from django.db.models import Count
from articles.models import Article, Tag
published = Article.objects.published()
article = published.filter(lead_photo__isnull=False).newest_first().first()
section = article.section
while section.parent_id:
    section = section.parent
tag = (
    Tag.objects.filter(tagged_articles__content_object__in=published)
    .annotate(n=Count("tagged_articles")).order_by("-n", "name").first()
)
print(section.get_absolute_url(), tag.get_absolute_url(), article.get_absolute_url())
')
  # shellcheck disable=SC2086
  set -- $paths
  SECTION=$1 TAG=$2 ARTICLE=$3
  "$PYTHON" -m gunicorn lighthouse_wsgi --bind "127.0.0.1:$port" --workers 2 \
    --log-level warning --error-logfile "$OUT/gunicorn.log" &
  SERVER_PID=$!
  tries=0
  until "$PYTHON" -c "import urllib.request as u; u.urlopen('$BASE/', timeout=2)" 2>/dev/null; do
    tries=$((tries + 1))
    [ $tries -lt 100 ] || { echo "gunicorn did not answer; see $OUT/gunicorn.log" >&2; exit 1; }
    sleep 0.3
  done
}

if [ $# -ge 4 ]; then
  BASE=${1%/} SECTION=$2 TAG=$3 ARTICLE=$4
else
  serve_scratch_site
fi

# Each page once before measuring, as on a site that has readers (pages and pieces stored).
for path in / "$SECTION" "$TAG" "$SEARCH" "$ARTICLE"; do
  "$PYTHON" -c "import urllib.request as u; u.urlopen('$BASE$path', timeout=60).read()"
done

priority() {
  if [ -n "${NICE:-}" ]; then nice -n "$NICE" "$@"; else "$@"; fi
}

echo "Lighthouse $("$LIGHTHOUSE" --version), $("$CHROME_PATH" --version 2>/dev/null), $BASE"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
pages=
for page in home section tag search article; do
  case $page in
    home) path=/ ;;
    section) path=$SECTION ;;
    tag) path=$TAG ;;
    search) path=$SEARCH ;;
    article) path=$ARTICLE ;;
  esac
  pages="$pages $page=$path"
  run=1 attempts=0
  while [ "$run" -le "$RUNS" ]; do
    report="$OUT/$page-$run.json"
    priority "$LIGHTHOUSE" "$BASE$path" --quiet --output=json --output-path="$report" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1 || true
    attempts=$((attempts + 1))
    # A run Lighthouse itself could not complete (NO_NAVSTART and the like: a trace lost
    # on a busy machine, all scores 0) is run again, twice at most per page.
    if node -e "process.exit(require('$report').runtimeError ? 1 : 0)" 2>/dev/null \
      || [ "$attempts" -ge $((RUNS + 2)) ]; then
      run=$((run + 1))
    else
      echo "$page: run $run failed in Lighthouse ($(node -e "console.log(require('$report').runtimeError?.code)" 2>/dev/null)), again" >&2
    fi
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-8s %-22s %-14s %-15s %-4s %s\n' page "performance (runs)" accessibility best-practices seo path
for entry in $pages; do
  node - "$OUT" "${entry%%=*}" "${entry#*=}" "$RUNS" <<'EOF'
const fs = require("fs");
const [out, page, path, runs] = process.argv.slice(2);
const categories = ["performance", "accessibility", "best-practices", "seo"];
const reports = [];
for (let run = 1; run <= Number(runs); run++) {
  try {
    reports.push(JSON.parse(fs.readFileSync(`${out}/${page}-${run}.json`, "utf8")));
  } catch {}
}
if (!reports.length) {
  console.log(`${page.padEnd(8)} no report: run lighthouse by hand to see why`);
  process.exit();
}
const score = (report, key) => Math.round((report.categories[key].score ?? 0) * 100);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const perf = reports.map((r) => score(r, "performance"));
const m = categories.map((key) => median(reports.map((r) => score(r, key))));
console.log(
  [page.padEnd(8), `${m[0]} (${perf.join(", ")})`.padEnd(22), String(m[1]).padEnd(14),
   String(m[2]).padEnd(15), String(m[3]).padEnd(4), path].join(" "),
);
const report = reports.find((r) => score(r, "performance") === m[0]);
for (const key of categories) {
  if (score(report, key) === 100) continue;
  const failing = report.categories[key].auditRefs
    .filter((ref) => ref.weight > 0 && (report.audits[ref.id].score ?? 1) < 1)
    .map((ref) => `${ref.id}${report.audits[ref.id].displayValue ? ` (${report.audits[ref.id].displayValue})` : ""}`);
  console.log(`${"".padEnd(9)}${key} below 100: ${failing.join(", ")}`);
  if (key === "seo" && failing.join() === "is-crawlable") {
    console.log(`${"".padEnd(9)}(the page asks not to be indexed: noindex and robots.txt; every other SEO audit passes)`);
  }
}
EOF
done
echo "reports: $OUT"
