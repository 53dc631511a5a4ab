#!/usr/bin/env bash
# What the generator costs per build of `twilio-chat`, and what the
# generated code costs the compiler. Run from anywhere:
#
#     bash tests/build_cost.sh            # ~6-7 min on 2 idle cores
#     RUNS=1 FAST_RUNS=3 bash tests/build_cost.sh   # quick look
#
# Measures, each in its own CARGO_TARGET_DIR under a temporary folder (the
# repository's target/ is never touched), with hyperfine when it is there
# (installed with apt-get when missing and running as root), otherwise with
# `date +%s.%N` around each run:
#
#   (i)   clean `cargo build -p twilio-chat --features codegen` (the generator
#         is built and run by build.rs);
#   (ii)  clean `cargo build -p twilio-chat` (default features: the
#         checked-in generated/ folder, no generator);
#   (iii) a no-op rebuild of (i) and of (ii), with proof from `cargo build -vv`
#         and the build script's `output` file that build.rs did not run; then
#         proof that it does run after `touch spec/twilio_chat_v2.yaml`, and
#         the time of such a rebuild; also the build script alone (as cargo
#         builds it: unoptimized), run directly;
#   (iv)  `cargo check` of the crate alone, generated v1, v2 and v1 + v2 code
#         from generated/, dependencies already checked (`touch src/lib.rs`
#         before every run; CARGO_INCREMENTAL=0 so the whole crate is checked,
#         plus one incremental variant), beside the generated line counts;
#   (v)   one more clean build of (i) and of (ii) with `--timings`, to show
#         which crates the extra time of (i) is spent compiling;
#   (vi)  the same pair for the downstream example (tests/downstream), a
#         user's crate that generates in its build.rs: clean builds of it,
#         and of a copy that compiles the same generated code checked in
#         (no build script, no generator).
#
# Dependencies are fetched first (`cargo fetch`) and every build runs with
# --offline, so no network time is measured. Touching the spec and src/lib.rs
# changes only their modification time.
#
# Environment: RUNS (clean builds and spec-touch rebuilds, default 5; the
# clean builds of (i) and (ii) alternate, one of each per round),
# FAST_RUNS (no-op rebuilds, build script, checks; default 10),
# WAIT_FOR_FUZZ (seconds to wait for a running cargo-fuzz to finish, default 0),
# USE_HYPERFINE=0 (time with `date` even when hyperfine is there),
# CLEAN_ONLY=1 (measure the clean builds (i) and (ii), and (vi), only).

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

RUNS=${RUNS:-5}
FAST_RUNS=${FAST_RUNS:-10}
WAIT_FOR_FUZZ=${WAIT_FOR_FUZZ:-0}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/twilio-build-cost.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS="$WORK/results"
mkdir -p "$RESULTS"
export CARGO_TERM_COLOR=never
# Each measurement names its own target dir; never the repository's.
unset CARGO_BUILD_TARGET_DIR
export CARGO_TARGET_DIR="$WORK/unused"

T_CODEGEN="$WORK/t-codegen"    # (i), (iii)
T_GENERATED="$WORK/t-generated" # (ii), (iii)
T_CHECK="$WORK/t-check"        # (iv)
SPEC=spec/twilio_chat_v2.yaml

BUILD_CODEGEN="cargo build --offline -q -p twilio-chat --features codegen"
BUILD_GENERATED="cargo build --offline -q -p twilio-chat"
CHECK="cargo check --offline -q -p twilio-chat --no-default-features"

say() { printf '%s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }

# --- machine -----------------------------------------------------------------

section "machine"
say "date:      $(date -u '+%Y-%m-%d %H:%M UTC')"
say "cpu:       $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
say "memory:    $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
say "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min); $(pgrep -c -x rustc || true) rustc processes running"
say "rustc:     $(rustc --version)"
say "cargo:     $(cargo --version)"
say "commit:    $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"

waited=0
while pgrep -f 'cargo-fuzz|libfuzzer|fuzz/target/|-artifact_prefix=' >/dev/null; do
    if [ "$waited" -ge "$WAIT_FOR_FUZZ" ]; then
        say "WARNING:   a fuzzer is running (pgrep -af fuzz); figures will be slower and noisier"
        break
    fi
    sleep 10
    waited=$((waited + 10))
done

# --- timing --------------------------------------------------------------------

if ! command -v hyperfine >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 \
    && [ "$(id -u)" -eq 0 ]; then
    say "installing hyperfine"
    apt-get install -y hyperfine >/dev/null 2>&1 \
        || { apt-get update >/dev/null 2>&1 && apt-get install -y hyperfine >/dev/null 2>&1; } \
        || true
fi
if [ "${USE_HYPERFINE:-1}" = 1 ] && command -v hyperfine >/dev/null 2>&1; then
    say "timing:    $(hyperfine --version)"
    HYPERFINE=1
else
    say "timing:    date +%s.%N (hyperfine not available)"
    HYPERFINE=0
fi

# time_once NAME PREPARE COMMAND
# Runs PREPARE (untimed), then times COMMAND (a shell command line) once and
# appends the seconds to $RESULTS/NAME.times, and the CPU seconds (user +
# system, of all processes) to $RESULTS/NAME.cpu. CPU time moves much less
# than wall time when other work shares the cores.
time_once() {
    local name=$1 prepare=$2 command=$3 start end
    if [ "$HYPERFINE" -eq 1 ]; then
        hyperfine --style none --runs 1 --prepare "$prepare" \
            --export-csv "$RESULTS/$name.once.csv" --command-name "$name" "$command" >/dev/null
        awk -F, 'NR == 2 { print $2 }' "$RESULTS/$name.once.csv" >>"$RESULTS/$name.times"
        awk -F, 'NR == 2 { printf "%.6f\n", $5 + $6 }' "$RESULTS/$name.once.csv" >>"$RESULTS/$name.cpu"
    else
        bash -c "$prepare"
        start=$(date +%s.%N)
        bash -c "$command" >/dev/null
        end=$(date +%s.%N)
        awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f\n", b - a }' >>"$RESULTS/$name.times"
    fi
}

# median_cpu NAME: the median CPU seconds of NAME's runs, or "n/a".
median_cpu() {
    [ -s "$RESULTS/$1.cpu" ] || { echo n/a; return; }
    sort -g "$RESULTS/$1.cpu" | awk '{ t[NR] = $1 }
        END { printf "%.3f\n", NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}
cpu_ratio() {
    local a b
    a=$(median_cpu "$1") b=$(median_cpu "$2")
    if [ "$a" = n/a ] || [ "$b" = n/a ]; then echo n/a; else awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f\n", a / b }'; fi
}

# summarize NAME: "mean stddev median min max" (seconds) of NAME.times into
# $RESULTS/NAME, and a line on the terminal.
summarize() {
    local name=$1
    sort -g "$RESULTS/$name.times" | awk '
        { t[NR] = $1; sum += $1; sq += $1 * $1 }
        END {
            mean = sum / NR; var = NR > 1 ? (sq - NR * mean * mean) / (NR - 1) : 0
            median = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
            printf "%.6f %.6f %.6f %.6f %.6f\n", mean, sqrt(var > 0 ? var : 0), median, t[1], t[NR]
        }' >"$RESULTS/$name"
    awk -v n="$(wc -l <"$RESULTS/$name.times")" \
        '{ printf "  median %.3f s, mean %.3f s ± %.3f, range %.3f … %.3f s, %d runs\n", $3, $1, $2, $4, $5, n }' \
        "$RESULTS/$name"
}

# measure NAME RUNS WARMUP PREPARE COMMAND
# Times COMMAND RUNS times after WARMUP untimed runs, running PREPARE
# (untimed) before each, and stores "mean stddev median min max" in seconds
# in $RESULTS/NAME.
measure() {
    local name=$1 runs=$2 warmup=$3 prepare=$4 command=$5 i
    say "-- $name: $command"
    if [ "$HYPERFINE" -eq 1 ]; then
        hyperfine --style basic --runs "$runs" --warmup "$warmup" \
            --prepare "$prepare" --export-csv "$RESULTS/$name.csv" \
            --command-name "$name" "$command" \
            | grep -E 'Time|Range' || true
        awk -F, 'NR == 2 { print $2, $3, $4, $7, $8 }' "$RESULTS/$name.csv" >"$RESULTS/$name"
    else
        for ((i = 0; i < warmup; i++)); do
            bash -c "$prepare" && bash -c "$command" >/dev/null
        done
        for ((i = 0; i < runs; i++)); do
            time_once "$name" "$prepare" "$command"
        done
        summarize "$name"
    fi
}

# interleaved RUNS NAME1 PREPARE1 COMMAND1 NAME2 PREPARE2 COMMAND2
# Like measure, for two slow commands: one run of each per round, the order
# swapped every round, so that load from elsewhere hits both alike.
interleaved() {
    local runs=$1 round
    local -a names=("$2" "$5") prepares=("$3" "$6") commands=("$4" "$7")
    say "-- ${names[0]}: ${commands[0]}"
    say "-- ${names[1]}: ${commands[1]}"
    for ((round = 0; round < runs; round++)); do
        for k in $((round % 2)) $((1 - round % 2)); do
            time_once "${names[$k]}" "${prepares[$k]}" "${commands[$k]}"
            say "   round $((round + 1)): ${names[$k]} $(tail -n1 "$RESULTS/${names[$k]}.times") s" \
                "(CPU $(tail -n1 "$RESULTS/${names[$k]}.cpu" 2>/dev/null || echo n/a) s," \
                "load $(cut -d' ' -f1 /proc/loadavg))"
        done
    done
    for k in 0 1; do
        say "   ${names[$k]}:"
        summarize "${names[$k]}"
    done
}

# field NAME COLUMN (1 mean, 2 stddev, 3 median, 4 min, 5 max)
field() { awk -v c="$2" '{ print $c }' "$RESULTS/$1"; }
ratio() { awk -v a="$(field "$1" 3)" -v b="$(field "$2" 3)" 'BEGIN { printf "%.3f\n", a / b }'; }

# The build script's `output` file (its stdout, written by cargo each time it
# runs) in TARGET, and its modification time.
script_output() { first_of "$1"/debug/build/twilio-chat-*/output; }
# The first of the given paths that exists, or nothing.
first_of() {
    local f
    for f in "$@"; do
        if [ -e "$f" ]; then
            printf '%s\n' "$f"
            return 0
        fi
    done
}
mtime() { stat -c '%y' "$1"; }
# Whether a `cargo build -vv` log shows twilio-chat's build script running.
# shellcheck disable=SC2016 # the backquotes are cargo's, not a substitution
ran_build_script() { grep -Eq 'Running `.*/build/twilio-chat-[0-9a-f]+/build-script-build`' "$1"; }

# --- dependencies ---------------------------------------------------------------

section "fetch"
cargo fetch --quiet
say "dependencies fetched; builds run --offline"

# --- (i), (ii) clean builds -------------------------------------------------------

section "(i), (ii) clean builds ($RUNS runs each)"
interleaved "$RUNS" \
    clean_codegen "rm -rf '$T_CODEGEN'" "CARGO_TARGET_DIR='$T_CODEGEN' $BUILD_CODEGEN" \
    clean_generated "rm -rf '$T_GENERATED'" "CARGO_TARGET_DIR='$T_GENERATED' $BUILD_GENERATED"

# --- (vi) the downstream example, generating vs checked in -------------------------

section "(vi) the downstream example: clean builds, generating vs checked in ($RUNS runs each)"
# A copy of tests/downstream that compiles the generated code from src/,
# generated once here with the options its build.rs gives, and has no
# build script and no generator: what the crate would cost with its code
# checked in. Same dependency versions (the workspace's lock).
DS_COPY="$WORK/downstream-checked-in"
mkdir -p "$DS_COPY/src"
cp tests/downstream/src/lib.rs "$DS_COPY/src/"
cp Cargo.lock "$DS_COPY/"
sed -i 's|^include!(concat!(env!("OUT_DIR"), "/mod.rs"));$|include!("generated/mod.rs");|' "$DS_COPY/src/lib.rs"
grep -q '^include!("generated/mod.rs");$' "$DS_COPY/src/lib.rs" \
    || { say "FAIL: the downstream example no longer includes OUT_DIR/mod.rs"; exit 1; }
cat >"$DS_COPY/Cargo.toml" <<TOML
[package]
name = "chat-downstream-example"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
twilio-runtime = { path = "$ROOT/runtime" }

[workspace]
TOML
cargo run --offline -q -p twilio-codegen --bin regenerate -- spec/twilio_chat_v2.yaml \
    --module chat --derive chat::FetchUser=Hash --compact --out "$DS_COPY/src/generated" >/dev/null 2>&1
BUILD_DS_CODEGEN="cargo build --offline -q -p chat-downstream-example"
BUILD_DS_CHECKED="cargo build --offline -q --manifest-path '$DS_COPY/Cargo.toml'"
interleaved "$RUNS" \
    ds_codegen "rm -rf '$WORK/t-ds-codegen'" "CARGO_TARGET_DIR='$WORK/t-ds-codegen' $BUILD_DS_CODEGEN" \
    ds_checked "rm -rf '$WORK/t-ds-checked'" "CARGO_TARGET_DIR='$WORK/t-ds-checked' $BUILD_DS_CHECKED"
rm -rf "$WORK/t-ds-codegen" "$WORK/t-ds-checked"
say "ratio downstream generating / checked in = $(ratio ds_codegen ds_checked)" \
    "(CPU $(cpu_ratio ds_codegen ds_checked))"

if [ "${CLEAN_ONLY:-0}" = 1 ]; then
    section "summary of (i), (ii) and (vi) (CLEAN_ONLY=1: nothing else measured)"
    say "load at the end: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
    say "ratio (i) / (ii)              = $(ratio clean_codegen clean_generated)"
    say "ratio (vi) downstream          = $(ratio ds_codegen ds_checked)"
    say "extra for codegen, (i) - (ii) = $(awk -v a="$(field clean_codegen 3)" -v b="$(field clean_generated 3)" 'BEGIN { printf "%.1f", a - b }') s"
    say "CPU time, medians: (i) $(median_cpu clean_codegen) s, (ii) $(median_cpu clean_generated) s;" \
        "ratio $(cpu_ratio clean_codegen clean_generated)"
    exit 0
fi

# --- (iii) no-op rebuilds, and the build script -------------------------------------

section "(iii) no-op rebuilds ($FAST_RUNS runs each)"
measure noop_codegen "$FAST_RUNS" 1 "true" "CARGO_TARGET_DIR='$T_CODEGEN' $BUILD_CODEGEN"
measure noop_generated "$FAST_RUNS" 1 "true" "CARGO_TARGET_DIR='$T_GENERATED' $BUILD_GENERATED"

section "(iii) does build.rs run?"
output=$(script_output "$T_CODEGEN")
[ -n "$output" ] || { say "FAIL: no build script output under $T_CODEGEN"; exit 1; }
before=$(mtime "$output")
CARGO_TARGET_DIR="$T_CODEGEN" cargo build --offline -vv -p twilio-chat --features codegen >"$WORK/noop.log" 2>&1
after=$(mtime "$output")
if ran_build_script "$WORK/noop.log" || [ "$before" != "$after" ]; then
    say "FAIL: the no-op rebuild ran the build script"
    exit 1
fi
say "no-op rebuild:        build script NOT run ($(grep -c 'Fresh' "$WORK/noop.log") units Fresh," \
    "'$(grep -m1 -o 'Fresh twilio-chat[^)]*)' "$WORK/noop.log")'; output mtime unchanged: $after)"
touch "$SPEC"
CARGO_TARGET_DIR="$T_CODEGEN" cargo build --offline -vv -p twilio-chat --features codegen >"$WORK/touch.log" 2>&1
touched=$(mtime "$output")
if ! ran_build_script "$WORK/touch.log" || [ "$touched" = "$after" ]; then
    say "FAIL: touching $SPEC did not rerun the build script"
    exit 1
fi
dirty=$(grep -m1 -o 'Dirty twilio-chat.*' "$WORK/touch.log" | cut -c1-140 || true)
say "after touch $SPEC: build script run (${dirty:-Running build-script-build}; output mtime now $touched)"

measure spec_touched "$RUNS" 0 "touch '$SPEC'" "CARGO_TARGET_DIR='$T_CODEGEN' $BUILD_CODEGEN"

script=$(first_of "$T_CODEGEN"/debug/build/twilio-chat-*/build-script-build)
mkdir -p "$WORK/script-out"
measure build_script "$FAST_RUNS" 1 "true" \
    "cd '$ROOT' && CARGO_MANIFEST_DIR='$ROOT' OUT_DIR='$WORK/script-out' CARGO_FEATURE_V1=1 CARGO_FEATURE_V2=1 '$script' >/dev/null"

# --- (iv) checking the generated code ----------------------------------------------

section "(iv) cargo check of the crate alone ($FAST_RUNS runs each)"
for features in v1 v2 v1,v2; do
    CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$T_CHECK" $CHECK --features "$features"
    CARGO_TARGET_DIR="$T_CHECK" $CHECK --features "$features"
done
for features in v1 v2 v1,v2; do
    measure "check_${features/,/_}" "$FAST_RUNS" 1 "touch src/lib.rs" \
        "CARGO_INCREMENTAL=0 CARGO_TARGET_DIR='$T_CHECK' $CHECK --features $features"
done
measure check_v1_v2_incremental "$FAST_RUNS" 1 "touch src/lib.rs" \
    "CARGO_TARGET_DIR='$T_CHECK' $CHECK --features v1,v2"

# --- (v) where a clean build's time goes ---------------------------------------------

section "(v) cargo build --timings, one clean build of each (compile time per crate)"
timings() {
    local dir=$1 tag=$2 command=$3
    rm -rf "$dir"
    CARGO_TARGET_DIR="$dir" bash -c "$command --timings" >/dev/null 2>&1
    cp "$dir/cargo-timings/cargo-timing.html" "$WORK/timing-$tag.html"
}
timings "$WORK/t-timings-codegen" codegen "$BUILD_CODEGEN"
timings "$WORK/t-timings-generated" generated "$BUILD_GENERATED"
if command -v python3 >/dev/null 2>&1; then
    python3 - "$WORK/timing-codegen.html" "$WORK/timing-generated.html" <<'PY'
import json, sys
from collections import defaultdict

def units(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("const UNIT_DATA = ["))
    end = next(i for i in range(start, len(lines)) if lines[i] == "];")
    data = json.loads("[" + "\n".join(lines[start + 1:end]) + "]")
    per_crate = defaultdict(float)
    for u in data:
        per_crate[u["name"]] += u["duration"]
    wall = max(u["start"] + u["duration"] for u in data)
    return per_crate, wall

codegen, wall_c = units(sys.argv[1])
generated, wall_g = units(sys.argv[2])
print(f"wall time: codegen {wall_c:.1f} s, generated/ {wall_g:.1f} s; "
      f"sum of unit times: codegen {sum(codegen.values()):.1f} s, generated/ {sum(generated.values()):.1f} s")
print("slowest units of the codegen build (seconds, build script + compile, summed per crate):")
for name, d in sorted(codegen.items(), key=lambda kv: -kv[1])[:8]:
    print(f"   {name:<20} {d:6.2f}   (generated/ build: {generated.get(name, 0.0):5.2f})")
extra = sorted(((codegen[n] - generated.get(n, 0.0), n) for n in codegen), reverse=True)
total = sum(d for d, _ in extra if d > 0)
print(f"what codegen adds, {total:.1f} s of unit time in all; the largest parts:")
for d, n in [e for e in extra if e[0] > 0.05][:8]:
    print(f"   {n:<20} +{d:5.2f}")
PY
else
    say "(python3 not found: see $WORK/timing-*.html, removed at exit)"
fi

lines() { cat "$@" | wc -l; }
lines_support=$(lines generated/mod.rs generated/sids.rs)
lines_v1=$(lines generated/v1/*.rs)
lines_v2=$(lines generated/v2/*.rs)
lines_all=$(lines generated/*.rs generated/*/*.rs)
out_dir=$(dirname "$(script_output "$T_CODEGEN")")/out
lines_out=$(lines "$out_dir"/*.rs "$out_dir"/*/*.rs)

# --- summary --------------------------------------------------------------------------

section "summary (medians; ratios are what to compare between runs)"
say "load at the end: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
row() { awk -v n="$1" '{ printf "%-44s %8.3f s   (mean %.3f ± %.3f, range %.3f … %.3f)\n", n, $3, $1, $2, $4, $5 }' "$RESULTS/$2"; }
row "(i)   clean build, --features codegen" clean_codegen
row "(ii)  clean build, generated/ (default)" clean_generated
row "(iii) no-op rebuild, codegen" noop_codegen
row "(iii) no-op rebuild, generated/" noop_generated
row "      rebuild after touching the v2 spec" spec_touched
row "      build script alone (unoptimized)" build_script
row "(iv)  check v1 (CARGO_INCREMENTAL=0)" check_v1
row "(iv)  check v2 (CARGO_INCREMENTAL=0)" check_v2
row "(iv)  check v1 + v2 (CARGO_INCREMENTAL=0)" check_v1_v2
row "(iv)  check v1 + v2 (incremental)" check_v1_v2_incremental
say ""
say "generated lines (wc -l generated/*.rs generated/*/*.rs): $lines_all" \
    "(mod + sids $lines_support, v1 $lines_v1, v2 $lines_v2); OUT_DIR of (i): $lines_out"
say "ratio (i) / (ii)                       = $(ratio clean_codegen clean_generated)"
say "ratio (vi) downstream, generating / checked in = $(ratio ds_codegen ds_checked)"
say "CPU time (i), (ii), ratio              = $(median_cpu clean_codegen) s, $(median_cpu clean_generated) s, $(cpu_ratio clean_codegen clean_generated)"
say "extra for codegen, (i) - (ii)          = $(awk -v a="$(field clean_codegen 3)" -v b="$(field clean_generated 3)" 'BEGIN { printf "%.1f", a - b }') s"
say "ratio build script / (i)               = $(ratio build_script clean_codegen)"
say "ratio no-op codegen / no-op generated  = $(ratio noop_codegen noop_generated)"
say "ratio spec-touch rebuild / no-op       = $(ratio spec_touched noop_codegen)"
say "ratio check v1+v2 / check v1           = $(ratio check_v1_v2 check_v1)"
say "ratio check v1+v2 / (ii)               = $(ratio check_v1_v2 clean_generated)"
say "check v1+v2 per 1,000 generated lines  = $(awk -v a="$(field check_v1_v2 3)" -v n="$lines_all" 'BEGIN { printf "%.3f", a * 1000 / n }') s"
say "target: generated v1 + v2 well under 23,000 lines: $([ "$lines_all" -lt 23000 ] && echo "met ($lines_all)" || echo "NOT met ($lines_all)")"
