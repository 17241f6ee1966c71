#!/usr/bin/env bash
# Runs one cargo-fuzz target for a given time: scripts/fuzz.sh TARGET SECONDS
# Targets: read_page (bytes -> article), extract_claims (text -> claims and rating),
# parse_number (the number parser and figure scanner), parse_feed (RSS/Atom/sitemaps).
#
# The seed corpus is built at run time from the shared data (../shared or $CLAIMWIRE_SHARED)
# into fuzz/seeds/TARGET (gitignored; no third-party text is committed); what the fuzzer
# finds grows fuzz/corpus/TARGET, crashes and hangs land in fuzz/artifacts/TARGET. Each run
# appends its wall and CPU time to fuzz/logs/runs.tsv. The toolchain may be stable: the
# sanitizer flags need RUSTC_BOOTSTRAP=1, which this script sets.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
target="${1:?usage: scripts/fuzz.sh TARGET SECONDS}"
seconds="${2:?usage: scripts/fuzz.sh TARGET SECONDS}"
shared="${CLAIMWIRE_SHARED:-../../shared}"
[ -d "$shared/seeds" ] || { echo "error: the shared data is not at $shared (set CLAIMWIRE_SHARED)" >&2; exit 1; }
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1

seeds="seeds/$target"
if [ ! -d "$seeds" ]; then
  mkdir -p "$seeds.tmp"
  case "$target" in
    read_page)
      n=0
      for f in "$shared"/eval/extraction/scrapinghub/html/*.html.gz "$shared"/eval/extraction/crypto/*.html.gz; do
        [ -f "$f" ] || continue
        gzip -dc "$f" > "$seeds.tmp/$(basename "$f" .gz)" 2>/dev/null || true
        n=$((n + 1)); [ "$n" -ge 120 ] && break
      done ;;
    extract_claims)
      cp "$shared"/seeds/*.txt "$seeds.tmp/"
      # Blocks of 20 labelled sentences as short articles.
      sed 's/@[a-z]*$//' "$shared/datasets/sentiment/phrasebank/Sentences_AllAgree.txt" \
        | iconv -f latin1 -t utf-8 | split -l 20 - "$seeds.tmp/phrasebank-" ;;
    parse_number)
      # Every figure-like token of the seed texts, one a file.
      cat "$shared"/seeds/*.txt "$shared/datasets/sentiment/phrasebank/Sentences_AllAgree.txt" \
        | iconv -f latin1 -t utf-8 -c \
        | grep -oE '[$€£¥]?[-+]?[0-9][0-9.,]*( ?(%|[kKmMbB]n?|bps|million|billion|trillion|percent))?' \
        | sort -u | head -2000 | split -l 1 - "$seeds.tmp/n-" ;;
    parse_feed)
      # Our own feeds of each format, and pages that are not feeds.
      cat > "$seeds.tmp/rss.xml" <<'XML'
<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://example.com/</link>
<item><title>A</title><link>https://example.com/a</link><pubDate>Fri, 12 Dec 2025 10:50:00 GMT</pubDate></item>
<item><title>B</title><link>/b</link><guid>https://example.com/b</guid></item></channel></rss>
XML
      cat > "$seeds.tmp/atom.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>A</title><link rel="alternate" href="https://example.com/a"/><id>urn:a</id><updated>2025-12-12T10:50:00Z</updated></entry></feed>
XML
      cat > "$seeds.tmp/rdf.xml" <<'XML'
<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://example.com/"><title>T</title></channel><item rdf:about="https://example.com/a"><title>A</title><link>https://example.com/a</link></item></rdf:RDF>
XML
      cat > "$seeds.tmp/sitemap.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://example.com/a</loc><lastmod>2025-12-12</lastmod></url><url><loc><![CDATA[https://example.com/b?x=1&y=2]]></loc></url></urlset>
XML
      cat > "$seeds.tmp/index.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.com/sitemap-1.xml</loc><lastmod>2025-12-12T10:50:00+00:00</lastmod></sitemap></sitemapindex>
XML
      n=0
      for f in "$shared"/eval/extraction/scrapinghub/html/*.html.gz; do
        gzip -dc "$f" | head -c 20000 > "$seeds.tmp/page-$n.html" || true
        n=$((n + 1)); [ "$n" -ge 10 ] && break
      done ;;
    *) echo "error: unknown target $target (read_page, extract_claims, parse_number, parse_feed)" >&2; exit 2 ;;
  esac
  mv "$seeds.tmp" "$seeds"
fi

mkdir -p "corpus/$target" "artifacts/$target" logs
cargo fuzz build -O "$target"
case "$target" in
  # A unit slower than -timeout (30 s under the sanitizer, at nice 19) is reported as a hang.
  read_page) max_len=131072 ;;
  extract_claims) max_len=65536 ;;
  *) max_len=4096 ;;
esac
log="logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"
start=$(date +%s)
set +e
/usr/bin/time -f "%e %U %S %M" -o "$log.time" \
  cargo fuzz run -O "$target" "corpus/$target" "$seeds" -- \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -max_len="$max_len" -artifact_prefix="artifacts/$target/" -print_final_stats=1 >"$log" 2>&1
rc=$?
set -e
read -r wall user sys rss < <(tail -1 "$log.time")
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$(date -u -d @"$start" +%FT%TZ)" "$wall" "$user" "$sys" "$rss" "$rc" >> logs/runs.tsv
echo "$target: exit $rc, wall ${wall}s, cpu $(echo "$user + $sys" | bc)s, max RSS ${rss} KB; log $log"
ls "artifacts/$target" 2>/dev/null | sed 's/^/artifact: /'
exit "$rc"
