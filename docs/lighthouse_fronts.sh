#!/bin/sh
# Lighthouse (phone profile: Lighthouse's default mobile emulation and simulated
# throttling) on the reader site's home, section, tag, search and article pages.
#
#   docs/lighthouse_fronts.sh BASE_URL SECTION_PATH TAG_PATH ARTICLE_PATH
#
# Needs Node and Lighthouse installed outside the repository
# (mkdir ~/lh && cd ~/lh && npm install lighthouse), LIGHTHOUSE_DIR pointing
# there (default ~/lh), and Debian's chromium (CHROME_PATH, default /usr/bin/chromium).
# Prints one line of scores per page; the JSON reports go to $OUT (default /tmp).
set -eu
BASE=${1:?base URL, e.g. http://127.0.0.1:8000}
SECTION=${2:-/international/}
TAG=${3:?a tag page path, e.g. /tag/espagne/}
ARTICLE=${4:?an article path}
LIGHTHOUSE_DIR=${LIGHTHOUSE_DIR:-$HOME/lh}
OUT=${OUT:-/tmp}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

for page in home section tag search article; do
  case $page in
    home) path=/ ;;
    section) path=$SECTION ;;
    tag) path=$TAG ;;
    search) path="/recherche/?q=port" ;;
    article) path=$ARTICLE ;;
  esac
  report="$OUT/lighthouse-$page.json"
  "$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse" "$BASE$path" --quiet --output=json \
    --output-path="$report" --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null
  node -e "
    const c = require('$report').categories;
    const s = ['performance', 'accessibility', 'best-practices', 'seo'].map((k) => k + ' ' + Math.round(c[k].score * 100));
    console.log('$page'.padEnd(8), s.join('  '));
  "
done
