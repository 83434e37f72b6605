#!/usr/bin/env bash
# bench/peers.sh — styrdok beside its peers (Zola, Hugo) on one synthetic corpus.
#
# Generates the corpus of ../shared/bench/gen.py (N pages of ~1 000 words, 8 numbered
# sections, a table, 5 checked cross-links each; fictional, deterministic per N) for every
# tool, at each N, and builds it alternately (styrdok, zola, hugo, styrdok, …) so a busy
# machine slows all alike. styrdok is measured five ways: a full build (public + internal,
# both indexed), `--audience public`, `--no-search` (both sites), one site without an index
# (`--audience public --no-search`, what Zola and Hugo build), and `check`; Zola with its search
# index off (as generated) and on; Hugo as generated. Zola and Hugo are skipped when they
# are not on PATH.
#
# Prints, per N and tool: the median wall time, the median CPU time (user + system: steadier
# than wall time on a shared machine), the median peak RSS (GNU `/usr/bin/time -v`), and the
# ratio of the wall time to Zola's (search off, or on for the runs that build an index) and
# to Hugo's (for comparing with figures taken where Hugo ran faster or slower).
#
# Environment:
#   BENCH_N     the corpus sizes (default "1000 10000 100000"; 100 000 takes long)
#   RUNS        runs per tool and size (default 3; 1 from 100 000 documents on)
#   BENCH_DIR   where the corpora go (default ${TMPDIR:-/tmp}/styrdok-peers); they are
#               reused when complete, delete the folder to regenerate
#   BENCH_OUT   where every tool writes its site (default: /dev/shm/styrdok-peers-out when
#               /dev/shm exists, else $BENCH_DIR/out). In memory by default because the runs
#               delete and rewrite tens of thousands of files: on ext4 that makes inode
#               allocation itself the cost (kernel time in find_inode_bit/recently_deleted,
#               10k documents: 49 s of system time for styrdok, 29 s for Hugo), which measures
#               the disk, not the generators. Set BENCH_OUT to a disk folder to include it.
#   BENCH_GEN   the generator (default ../shared/bench/gen.py beside this repository)
#   STYRDOK     the styrdok binary (default: built here with cargo build --release)
#
# Run from anywhere: bench/peers.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gen="${BENCH_GEN:-$repo/../shared/bench/gen.py}"
bench_dir="${BENCH_DIR:-${TMPDIR:-/tmp}/styrdok-peers}"
sizes="${BENCH_N:-1000 10000 100000}"
target="${CARGO_TARGET_DIR:-$repo/target}"

if [[ ! -f "$gen" ]]; then
    echo "no corpus generator at $gen; set BENCH_GEN" >&2
    exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "GNU time is missing; installing it (apt-get install -y time)" >&2
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
    "${sudo_cmd[@]}" apt-get install -y time >/dev/null ||
        { "${sudo_cmd[@]}" apt-get update >/dev/null && "${sudo_cmd[@]}" apt-get install -y time >/dev/null; }
fi
if [[ -z "${STYRDOK:-}" ]]; then
    echo "building the release binary…" >&2
    (cd "$repo" && cargo build --release --quiet --bin styrdok)
    STYRDOK="$target/release/styrdok"
fi
mkdir -p "$bench_dir"
if [[ -n "${BENCH_OUT:-}" ]]; then
    out="$BENCH_OUT"
elif [[ -d /dev/shm && -w /dev/shm ]]; then
    out=/dev/shm/styrdok-peers-out
else
    out="$bench_dir/out"
fi
echo "sites are written to $out" >&2

# corpus TOOL N: the corpus for TOOL of N pages, made once.
corpus() {
    local dir="$bench_dir/$1-$2"
    if [[ ! -f "$dir/.complete" ]]; then
        rm -rf "$dir"
        python3 "$gen" --tool "$1" --n "$2" --out "$dir" >&2
        touch "$dir/.complete"
    fi
    echo "$dir"
}

# The Zola corpus with its search index on: the same pages, another config.toml.
zola_search_corpus() {
    local from=$1 dir="$1-search"
    if [[ ! -f "$dir/.complete" ]]; then
        rm -rf "$dir"
        cp -r "$from" "$dir"
        sed -i 's/^build_search_index = false/build_search_index = true/' "$dir/config.toml"
        touch "$dir/.complete"
    fi
    echo "$dir"
}

to_seconds() {
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }' <<<"$1"
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# run LABEL DIR COMMAND…: one timed run in DIR, its figures appended to $results/LABEL.
run() {
    local label=$1 dir=$2
    shift 2
    local log="$bench_dir/time.log"
    if ! (cd "$dir" && /usr/bin/time -v -o "$log" "$@" >"$bench_dir/run.out" 2>&1); then
        echo "$label failed:" >&2
        tail -20 "$bench_dir/run.out" >&2
        exit 1
    fi
    local wall kb cpu
    wall=$(to_seconds "$(sed -n 's/^.*Elapsed (wall clock) time.*: //p' "$log")")
    kb=$(sed -n 's/^.*Maximum resident set size (kbytes): //p' "$log")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$log")
    echo "$wall $cpu $kb" >>"$results/$label"
    printf '  %-26s %8.2f s wall %8.2f s CPU %8.0f MB\n' "$label" "$wall" "$cpu" "$((kb / 1024))" >&2
}

for n in $sizes; do
    results="$bench_dir/results-$n"
    rm -rf "$results"
    mkdir -p "$results"
    runs="${RUNS:-$((n >= 100000 ? 1 : 3))}"
    echo "N = $n: generating…" >&2
    sd=$(corpus styrdok "$n")
    tools=(styrdok)
    if command -v zola >/dev/null; then
        zd=$(corpus zola "$n")
        zsd=$(zola_search_corpus "$zd")
        tools+=(zola)
    fi
    if command -v hugo >/dev/null; then
        hd=$(corpus hugo "$n")
        tools+=(hugo)
    fi
    for ((i = 1; i <= runs; i++)); do
        echo "N = $n, run $i of $runs" >&2
        for tool in "${tools[@]}"; do
            case $tool in
            styrdok)
                for mode in full public no-search public-no-search check; do
                    rm -rf "$out"
                    case $mode in
                    full) run "styrdok build" "$sd" "$STYRDOK" build --out "$out" ;;
                    public) run "styrdok --audience public" "$sd" "$STYRDOK" build --audience public --out "$out" ;;
                    no-search) run "styrdok --no-search" "$sd" "$STYRDOK" build --no-search --out "$out" ;;
                    public-no-search) run "styrdok public, no search" "$sd" "$STYRDOK" build --audience public --no-search --out "$out" ;;
                    check) run "styrdok check" "$sd" "$STYRDOK" check ;;
                    esac
                done
                ;;
            zola)
                rm -rf "$out"
                run "zola (search off)" "$zd" zola build --output-dir "$out" --force
                rm -rf "$out"
                run "zola (search on)" "$zsd" zola build --output-dir "$out" --force
                ;;
            hugo)
                rm -rf "$out"
                run "hugo" "$hd" hugo --quiet --destination "$out"
                ;;
            esac
        done
    done
    rm -rf "$out"

    med() { awk -v c="$2" '{ print $c }' "$results/$1" | median; }
    echo
    echo "N = $n ($(nproc) CPUs, median of $runs)"
    printf '%-26s %10s %10s %10s %12s %12s\n' "" "wall (s)" "CPU (s)" "RSS (MB)" "wall / zola" "wall / hugo"
    zola_off=""
    zola_on=""
    [[ -f "$results/zola (search off)" ]] && zola_off=$(med "zola (search off)" 1)
    [[ -f "$results/zola (search on)" ]] && zola_on=$(med "zola (search on)" 1)
    hugo_wall=""
    [[ -f "$results/hugo" ]] && hugo_wall=$(med "hugo" 1)
    for label in "styrdok build" "styrdok --audience public" "styrdok --no-search" \
        "styrdok public, no search" "styrdok check" \
        "zola (search off)" "zola (search on)" "hugo"; do
        [[ -f "$results/$label" ]] || continue
        wall=$(med "$label" 1)
        cpu=$(med "$label" 2)
        kb=$(med "$label" 3)
        # Index builders against Zola with its index, the others against Zola without.
        case $label in
        "styrdok build" | "styrdok --audience public" | "zola (search on)") ref=$zola_on ;;
        *) ref=$zola_off ;;
        esac
        ratio="-"
        [[ -n "$ref" ]] && ratio=$(awk -v a="$wall" -v b="$ref" 'BEGIN { printf "%.2f", a / b }')
        to_hugo="-"
        [[ -n "$hugo_wall" ]] && to_hugo=$(awk -v a="$wall" -v b="$hugo_wall" 'BEGIN { printf "%.2f", a / b }')
        printf '%-26s %10.2f %10.2f %10.0f %12s %12s\n' "$label" "$wall" "$cpu" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')" "$ratio" "$to_hugo"
    done
done
