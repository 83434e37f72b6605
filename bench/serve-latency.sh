#!/usr/bin/env bash
# bench/serve-latency.sh — edit-to-reload latency of `styrdok serve`: from the write of a
# document to the reload event (`build`) on the server-sent event stream an open page holds.
#
# Builds the release binary and the two examples it needs (examples/serve_latency.rs, the
# measuring client, and examples/synth.rs, the synthetic-site generator), then measures
# EDITS edits (after 3 warm-ups) on:
#   - the bundled site (this repository's content/, agreements/, data/, themes/), and
#   - a synthetic site of 10 000 documents (generated once and reused while it still passes
#     `styrdok check`).
# Every run works on a temporary copy of the site's sources; the server binds 127.0.0.1 with
# a free port. Prints each latency, then min / median / p95 / max per site and the median
# rebuild time the server reports for the same edits.
#
# Environment:
#   EDITS       edits measured per site (default 30)
#   PAUSE_MS    pause between an edit's reload event and the next edit (default 1000)
#   BENCH_DIR   where the synthetic site lives (default: ${TMPDIR:-/tmp}/styrdok-serve-bench)
#   SEED        generator seed (default 1)
#   DOCS        size of the synthetic site (default 10000)
#   BUNDLED_DOC the document edited in the bundled site (default content/verksamhetsbeskrivning.md)
#   CARGO_TARGET_DIR  honoured, as cargo does
#
# Run from anywhere: bench/serve-latency.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_dir="${BENCH_DIR:-${TMPDIR:-/tmp}/styrdok-serve-bench}"
seed="${SEED:-1}"
docs="${DOCS:-10000}"
edits="${EDITS:-30}"
pause="${PAUSE_MS:-1000}"
bundled_doc="${BUNDLED_DOC:-content/verksamhetsbeskrivning.md}"
target="${CARGO_TARGET_DIR:-$repo/target}"
bin="$target/release/styrdok"

echo "building release binary and examples…" >&2
(cd "$repo" && cargo build --release --quiet --bin styrdok --example synth --example serve_latency)

mkdir -p "$bench_dir"
synth_dir="$bench_dir/synth-$docs-seed$seed"
generate() {
    echo "generating a synthetic site of $docs documents in $synth_dir…" >&2
    rm -rf "$synth_dir"
    "$target/release/examples/synth" --docs "$docs" --out "$synth_dir" --seed "$seed" >&2
    touch "$synth_dir/.complete"
}
builds() { "$bin" check --root "$synth_dir" >/dev/null 2>&1; }
[[ -f "$synth_dir/.complete" ]] && builds || generate
if ! builds; then
    # The generator predates the rule that routines are internal (and public documents may
    # refer to its routines): measure with its routines turned into pages.
    problems=$("$bin" check --root "$synth_dir" 2>&1 || true)
    if grep -q 'error: routine `.*` is public' <<<"$problems"; then
        echo "the synthetic site's routines are public, which styrdok now refuses: turning them into pages" >&2
        grep -rl '^kind: routine$' "$synth_dir/content" "$synth_dir/agreements" |
            xargs -r sed -i 's/^kind: routine$/kind: page/'
    fi
    builds || {
        "$bin" check --root "$synth_dir" 2>&1 | grep error: | head -n 20 >&2
        echo "the synthetic site does not build" >&2
        exit 1
    }
fi

echo "== bundled site" >&2
"$target/release/examples/serve_latency" --bin "$bin" --root "$repo" --doc "$bundled_doc" --edits "$edits" --pause-ms "$pause" | tee "$bench_dir/serve-latency-bundled.txt"
echo "== synthetic site, $docs documents" >&2
"$target/release/examples/serve_latency" --bin "$bin" --root "$synth_dir" --edits "$edits" --pause-ms "$pause" | tee "$bench_dir/serve-latency-synth.txt"

echo
echo "styrdok serve, edit-to-reload latency ($(nproc) CPUs, $edits edits each, $pause ms apart)"
tail -n1 "$bench_dir/serve-latency-bundled.txt"
tail -n1 "$bench_dir/serve-latency-synth.txt"
