#!/usr/bin/env bash
# bench/build.sh — how long `styrdok build` takes and how much memory it needs.
#
# Builds the release binary and the synthetic-site generator (examples/synth.rs), generates
# fictional sites of 1 000 and 10 000 documents (reused when already present), and times a
# full `styrdok build` (public + internal site) of each under GNU `/usr/bin/time -v`, with a
# fresh output directory every run: 3 runs for 1 000 documents, 2 for 10 000. The bundled
# site (this repository) is measured the same way, with 3 runs.
#
# Prints one row per site: N (documents asked of the generator; "-" for the bundled site),
# documents (distinct ids), source files (.md), output files (everything written under
# OUT/public and OUT/internal), median wall time, median CPU time (user + system: steadier
# than wall time on a busy or virtualised machine), and median peak RSS in MB.
#
# Environment:
#   BENCH_DIR   where the synthetic sites live (default: ${TMPDIR:-/tmp}/styrdok-bench);
#               delete it to regenerate them
#   SEED        generator seed (default 1)
#   CARGO_TARGET_DIR  honoured, as cargo does
#
# Run from anywhere: bench/build.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_dir="${BENCH_DIR:-${TMPDIR:-/tmp}/styrdok-bench}"
seed="${SEED:-1}"
target="${CARGO_TARGET_DIR:-$repo/target}"
bin="$target/release/styrdok"
synth="$target/release/examples/synth"

if [[ ! -x /usr/bin/time ]]; then
    echo "GNU time is missing; installing it (apt-get install -y time)" >&2
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
    "${sudo_cmd[@]}" apt-get install -y time >/dev/null ||
        { "${sudo_cmd[@]}" apt-get update >/dev/null && "${sudo_cmd[@]}" apt-get install -y time >/dev/null; }
fi

echo "building release binary and generator…" >&2
(cd "$repo" && cargo build --release --quiet --bin styrdok --example synth)

mkdir -p "$bench_dir"

# generate N: the synthetic site of N documents, reused when it is already complete.
generate() {
    local n=$1 dir="$bench_dir/synth-$1-seed$seed"
    if [[ ! -f "$dir/.complete" ]]; then
        rm -rf "$dir"
        "$synth" --docs "$n" --out "$dir" --seed "$seed" >&2
        touch "$dir/.complete"
    fi
    echo "$dir"
}

# Seconds from GNU time's "h:mm:ss" or "m:ss.ss".
to_seconds() {
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }' <<<"$1"
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

rows=()

# measure LABEL ROOT OUT RUNS
measure() {
    local label=$1 root=$2 out=$3 runs=$4
    local times=() cpus=() rss=() log="$bench_dir/time.log"
    for ((i = 1; i <= runs; i++)); do
        rm -rf "$out"
        /usr/bin/time -v -o "$log" "$bin" build --root "$root" --out "$out" >"$bench_dir/build.out" 2>&1 || {
            echo "styrdok build failed for $root:" >&2
            cat "$bench_dir/build.out" >&2
            exit 1
        }
        local wall kb cpu
        wall=$(sed -n 's/^.*Elapsed (wall clock) time.*: //p' "$log")
        kb=$(sed -n 's/^.*Maximum resident set size (kbytes): //p' "$log")
        cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$log")
        times+=("$(to_seconds "$wall")")
        cpus+=("$cpu")
        rss+=("$kb")
        echo "  $label run $i: ${wall} wall, ${cpu} s CPU, $((kb / 1024)) MB peak RSS" >&2
    done
    local docs files outputs t c m
    docs=$(find "$root/content" "$root/agreements" -name '*.md' -print0 |
        xargs -0 grep -h -m1 '^id:' | sed 's/^id: *//' | sort -u | wc -l)
    files=$(find "$root/content" "$root/agreements" -name '*.md' 2>/dev/null | wc -l)
    outputs=$(find "$out/public" "$out/internal" -type f ! -name .styrdok-output | wc -l)
    t=$(printf '%s\n' "${times[@]}" | median)
    c=$(printf '%s\n' "${cpus[@]}" | median)
    m=$(printf '%s\n' "${rss[@]}" | median)
    rows+=("$(printf '%-9s %9s %8s %9s %10.2f %10.2f %10.1f' "$label" "$docs" "$files" "$outputs" "$t" "$c" \
        "$(awk -v k="$m" 'BEGIN { print k / 1024 }')")")
    rm -rf "$out"
}

echo "bundled site ($repo)…" >&2
measure "-" "$repo" "$bench_dir/bundled-out" 3

for spec in 1000:3 10000:2; do
    n=${spec%:*}
    runs=${spec#*:}
    echo "synthetic site, $n documents…" >&2
    dir=$(generate "$n")
    measure "$n" "$dir" "$dir/out" "$runs"
done

echo
echo "styrdok build ($(nproc) CPUs, seed $seed), median of runs"
printf '%-9s %9s %8s %9s %10s %10s %10s\n' "N" "documents" "sources" "outputs" "wall (s)" "CPU (s)" "RSS (MB)"
printf '%s\n' "${rows[@]}"
