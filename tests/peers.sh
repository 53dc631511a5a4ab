#!/usr/bin/env bash
# This generator beside its peers: how long each takes to generate Rust from
# the same specs, and how long the code it generates takes to compile. One
# command from a fresh clone:
#
#     bash tests/peers.sh [WORK_DIR]      # ~20 min on 2 cores once tools are installed
#     PEERS_RUNS=5 PEERS_BUILD_RUNS=2 PEERS_LARGE_BUILD_RUNS=1 bash tests/peers.sh   # quick look
#
# WORK_DIR (default target/peers in the repository) keeps everything: the
# installed tools, the specs, each tool's output, the throwaway crates and
# their target folders, hyperfine's JSON (results/) and the summary
# (summary.md). A second run reuses the tools and the built dependencies.
#
# What it does:
#
#   1. Builds, in release mode, `regenerate` and two examples of the
#      generator crate: `bare_parse` (the baseline: read the YAML and parse
#      it into `openapiv3::OpenAPI` with the generator's own serde_yaml and
#      openapiv3, nothing else) and `large_spec` (writes fleet_v1.yaml, a
#      spec of the project's own with 200 operations and 80 schemas).
#   2. Installs the peers at pinned versions with `cargo install --locked
#      --version X --root WORK_DIR/tools` (hyperfine too, unless one is on
#      PATH): openapi-to-rust, oas3-gen (twice: its default `types` mode and
#      its `client-mod --workspace` crate) and cargo-progenitor; and
#      openapi-generator (its `rust` generator, a reqwest client crate) from
#      the jar inside its PyPI wheel, run with the machine's `java`. A tool
#      that cannot be installed is reported and left out.
#   3. Preprocesses a spec only where a peer needs it, and says so:
#      progenitor stops with "not yet implemented: invalid (or unexpected)
#      schema" on `format: uri-map` (an object without properties that
#      Twilio's specs use for link maps), so it is given copies of the specs
#      without that line. openapi-generator's output names some types
#      `models::models::X` or `models::serde_json::Value`, which does not
#      compile; before its crate is built those paths are rewritten to
#      `models::X` and `serde_json::Value` (its generation is timed on the
#      output as it is). Nothing else is changed for any tool. Each tool is
#      first run once on each spec; one that fails is reported with its
#      message and left out of the timings of that spec.
#   4. Generation, per spec: hyperfine runs every tool, `regenerate` both
#      as is and with `--compact` (the build-script path: the same code,
#      not laid out for people), and the bare parse,
#      each writing into an emptied folder (`--prepare 'rm -rf OUT'`), with
#      no shell in between (`-N`), `--warmup 3`. The runs are split into
#      PEERS_ROUNDS rounds, the order of the commands rotated each round, so
#      that load from elsewhere hits every command alike. Times are medians
#      of all runs; a ratio is paired: in each round, one command's median
#      over the other's, and the median of those over the rounds, with
#      their range to show how steady it was. Then the same for both
#      `regenerate`s against the bare parse pinned to one core (`taskset -c 0`).
#   5. Compilation, for chat v2 and fleet_v1: each tool's output becomes a
#      throwaway crate with the dependencies the tool asks for (this
#      project's: the runtime by path), built once with its own
#      CARGO_TARGET_DIR; then only the generated crate is measured:
#      `cargo build` and `cargo check` (debug, CARGO_INCREMENTAL=0, offline)
#      after `touch src/lib.rs`, tools alternating round by round. Beside
#      them, the non-blank lines of the .rs files each tool wrote.
#   6. Prints markdown tables (also in WORK_DIR/summary.md) and the machine:
#      date, cores, CPU, load average before and after each part, rustc and
#      every tool's version.
#
# Environment:
#   PEERS_SPECS             specs to generate (default "chat_v1 chat_v2 fleet_v1")
#   PEERS_BUILD_SPECS       specs whose outputs are compiled (default "chat_v2 fleet_v1")
#   PEERS_TOOLS             peers to include (default "openapi-to-rust oas3-gen-types oas3-gen-client
#                           progenitor openapi-generator")
#   PEERS_EXTRA_SPECS       paths of more specs, from outside the repository (each named by its
#                           file name without .yaml), generated and compiled like the others:
#                           e.g. Twilio's published twilio_api_v2010.yaml
#   PEERS_EXTRA_RUNS        timed generation runs per command for those, in 2 rounds (default 4)
#   PEERS_EXTRA_BUILD_RUNS  timed builds and checks per crate for those (default 1)
#   PEERS_RUNS              timed generation runs per command (default 20)
#   PEERS_ROUNDS            rounds the generation runs are split into (default 4)
#   PEERS_BUILD_RUNS        timed builds and checks per crate for chat (default 5)
#   PEERS_LARGE_BUILD_RUNS  the same for fleet_v1 (default 3)
#   PEERS_MAX_LOAD          1-minute load average to wait for before timing (default 1.5)
#   PEERS_WAIT              seconds to wait for it at most, then go on with a warning (default 0);
#                           before every round, the script also waits (as long) until no
#                           other rustc runs
#
# Needs cargo, python3 (to read hyperfine's JSON), taskset (util-linux) and
# the crates.io registry for the first run.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# --- pinned tools ------------------------------------------------------------------

OPENAPI_TO_RUST=0.23.0
OAS3_GEN=0.29.0
CARGO_PROGENITOR=0.15.1
OPENAPI_GENERATOR=7.26.0
HYPERFINE=1.20.0

SPECS=${PEERS_SPECS:-"chat_v1 chat_v2 fleet_v1"}
BUILD_SPECS=${PEERS_BUILD_SPECS:-"chat_v2 fleet_v1"}
PEERS=${PEERS_TOOLS:-"openapi-to-rust oas3-gen-types oas3-gen-client progenitor openapi-generator"}
EXTRA_SPECS=${PEERS_EXTRA_SPECS:-}
EXTRA_RUNS=${PEERS_EXTRA_RUNS:-4}
EXTRA_BUILD_RUNS=${PEERS_EXTRA_BUILD_RUNS:-1}
RUNS=${PEERS_RUNS:-20}
ROUNDS=${PEERS_ROUNDS:-4}
BUILD_RUNS=${PEERS_BUILD_RUNS:-5}
LARGE_BUILD_RUNS=${PEERS_LARGE_BUILD_RUNS:-3}
MAX_LOAD=${PEERS_MAX_LOAD:-1.5}
WAIT=${PEERS_WAIT:-0}
RUNS_PER_ROUND=$(((RUNS + ROUNDS - 1) / ROUNDS))

WORK=${1:-$ROOT/target/peers}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
case "$WORK" in
*[[:space:]]*)
    echo "WORK_DIR must not contain spaces: $WORK" >&2
    exit 2
    ;;
esac
TOOLS="$WORK/tools"
BIN="$WORK/bin"
RESULTS="$WORK/results"
LOGS="$WORK/logs"
rm -rf "$RESULTS" "$LOGS" "$WORK/gen" "$WORK/out"
mkdir -p "$TOOLS" "$BIN" "$RESULTS" "$LOGS" "$WORK/specs/progenitor" "$WORK/gen" "$WORK/out" "$WORK/crates"
export CARGO_TERM_COLOR=never
unset CARGO_BUILD_TARGET_DIR CARGO_INCREMENTAL
STARTED=$(date +%s)

say() { printf '%s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }
load1() { cut -d' ' -f1 /proc/loadavg; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# note KEY VALUE: a fact for the summary.
note() { printf '%s\t%s\n' "$1" "$2" >>"$RESULTS/facts.tsv"; }
# problem TEXT: something a tool could not do, for the summary; a path into
# cargo's registry is shortened to the crate's own (`typify-impl-0.8.0/src/...`).
problem() {
    local text
    text=$(sed -E 's#/[^ ]*/registry/src/[^/ ]*/##g' <<<"$*")
    say "   PROBLEM: $text"
    printf '%s\n' "$text" >>"$RESULTS/problems.txt"
}
: >"$RESULTS/facts.tsv"
: >"$RESULTS/problems.txt"
: >"$RESULTS/preprocessing.txt"

for tool in cargo python3 taskset; do
    command -v "$tool" >/dev/null || {
        echo "$tool is required" >&2
        exit 2
    }
done

# --- machine -----------------------------------------------------------------------

section "machine"
say "date:      $(date -u '+%Y-%m-%d %H:%M UTC')"
say "cpu:       $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
say "memory:    $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
say "load:      $(loadavg) (1, 5, 15 min)"
say "rustc:     $(rustc --version)"
say "cargo:     $(cargo --version)"
say "commit:    $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"
say "work dir:  $WORK"
note date "$(date -u '+%Y-%m-%d %H:%M UTC')"
note cores "$(nproc)"
note cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
note rustc "$(rustc --version)"
note commit "$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
note "load at start" "$(loadavg)"

# --- 1. this project's binaries ----------------------------------------------------------

section "1. regenerate, bare_parse and large_spec (release)"
CARGO_TARGET_DIR="$WORK/targets/self" cargo build --release --locked -q -p twilio-codegen \
    --bin regenerate --example bare_parse --example large_spec
for b in regenerate examples/bare_parse examples/large_spec; do
    cp "$WORK/targets/self/release/$b" "$BIN/"
done
say "built into $BIN"

# --- 2. the peers --------------------------------------------------------------------------

section "2. peers, pinned (cargo install --locked into $TOOLS)"
# install CRATE VERSION BINARY: installs unless that version is there.
install() {
    local crate=$1 version=$2 binary=$3
    if [ -x "$TOOLS/bin/$binary" ] && grep -q "^\"$crate $version " "$TOOLS/.crates.toml" 2>/dev/null; then
        say "   $crate $version: already installed"
        return 0
    fi
    say "   $crate $version: installing (several minutes) ..."
    if env -u CARGO_TARGET_DIR cargo install --locked --quiet --version "$version" \
        --root "$TOOLS" "$crate" >"$LOGS/install-$crate.log" 2>&1; then
        say "   $crate $version: installed"
    else
        problem "$crate $version could not be installed: $(grep -m1 -E '^error' "$LOGS/install-$crate.log" || tail -n1 "$LOGS/install-$crate.log")"
        return 1
    fi
}

if command -v hyperfine >/dev/null; then
    HF=$(command -v hyperfine)
    say "   hyperfine on PATH: $HF ($("$HF" --version))"
else
    install hyperfine "$HYPERFINE" hyperfine || exit 1
    HF="$TOOLS/bin/hyperfine"
fi
note hyperfine "$("$HF" --version)"

# openapi-generator is a Java program; its PyPI wheel carries the jar.
OAG_JAR="$TOOLS/openapi-generator-$OPENAPI_GENERATOR/openapi-generator.jar"
install_openapi_generator() {
    if [ -f "$OAG_JAR" ]; then
        say "   openapi-generator $OPENAPI_GENERATOR: already installed"
        return 0
    fi
    command -v java >/dev/null || {
        problem "openapi-generator needs java, which is not on PATH"
        return 1
    }
    say "   openapi-generator $OPENAPI_GENERATOR: installing the jar from its PyPI wheel ..."
    local wheels="$TOOLS/wheels"
    if python3 -m pip download --quiet --no-deps --only-binary :all: -d "$wheels" \
        "openapi-generator-cli==$OPENAPI_GENERATOR" >"$LOGS/install-openapi-generator.log" 2>&1 &&
        python3 - "$wheels" "$OAG_JAR" >>"$LOGS/install-openapi-generator.log" 2>&1 <<'PY'; then
import glob, os, sys, zipfile
wheels, jar = sys.argv[1:3]
(wheel,) = glob.glob(f"{wheels}/openapi_generator_cli-*.whl")
os.makedirs(os.path.dirname(jar), exist_ok=True)
with zipfile.ZipFile(wheel) as z, open(jar + ".part", "wb") as out:
    out.write(z.read("openapi_generator_cli/openapi-generator.jar"))
os.rename(jar + ".part", jar)
PY
        say "   openapi-generator $OPENAPI_GENERATOR: installed"
    else
        problem "openapi-generator $OPENAPI_GENERATOR could not be installed: $(tail -n1 "$LOGS/install-openapi-generator.log")"
        return 1
    fi
}

declare -A AVAILABLE=()
for peer in $PEERS; do
    case $peer in
    openapi-to-rust) install openapi-to-rust "$OPENAPI_TO_RUST" openapi-to-rust && AVAILABLE[$peer]=1 ;;
    oas3-gen-types | oas3-gen-client) install oas3-gen "$OAS3_GEN" oas3-gen && AVAILABLE[$peer]=1 ;;
    progenitor) install cargo-progenitor "$CARGO_PROGENITOR" cargo-progenitor && AVAILABLE[$peer]=1 ;;
    openapi-generator) install_openapi_generator && AVAILABLE[$peer]=1 ;;
    *) problem "unknown peer '$peer' in PEERS_TOOLS" ;;
    esac
done
version_of() {
    case $1 in
    openapi-to-rust) "$TOOLS/bin/openapi-to-rust" --version ;;
    oas3-gen-types | oas3-gen-client) "$TOOLS/bin/oas3-gen" --version ;;
    progenitor) echo "cargo-progenitor $CARGO_PROGENITOR" ;; # it has no --version
    openapi-generator) echo "openapi-generator $(java -jar "$OAG_JAR" version), rust generator, on $(java -version 2>&1 | head -n1)" ;;
    esac
}
for peer in $PEERS; do
    [ -n "${AVAILABLE[$peer]:-}" ] || continue
    say "   $peer: $(version_of "$peer")"
    note "version $peer" "$(version_of "$peer")"
done

# --- 3. specs and what each peer needs ---------------------------------------------------

section "3. specs"
cp spec/twilio_chat_v1.yaml "$WORK/specs/chat_v1.yaml"
cp spec/twilio_chat_v2.yaml "$WORK/specs/chat_v2.yaml"
"$BIN/large_spec" "$WORK/specs/fleet_v1.yaml"
for path in $EXTRA_SPECS; do
    [ -f "$path" ] || {
        echo "no such spec: $path (PEERS_EXTRA_SPECS)" >&2
        exit 2
    }
    name=$(basename "$path" .yaml)
    cp "$path" "$WORK/specs/$name.yaml"
    case " $SPECS " in *" $name "*) ;; *) SPECS="$SPECS $name" ;; esac
    case " $BUILD_SPECS " in *" $name "*) ;; *) BUILD_SPECS="$BUILD_SPECS $name" ;; esac
    EXTRA_NAMES="${EXTRA_NAMES:-} $name"
done
if [ "$("$BIN/bare_parse" "$WORK/specs/fleet_v1.yaml")" != "80 paths, 80 schemas" ] ||
    [ "$(grep -c 'operationId:' "$WORK/specs/fleet_v1.yaml")" != 200 ]; then
    echo "large_spec did not write the expected 80 paths, 80 schemas and 200 operations" >&2
    exit 1
fi
for spec in $SPECS; do
    [ -f "$WORK/specs/$spec.yaml" ] || {
        echo "unknown spec '$spec' in PEERS_SPECS (chat_v1, chat_v2, fleet_v1, or one of PEERS_EXTRA_SPECS)" >&2
        exit 2
    }
    say "   $spec.yaml: $(wc -c <"$WORK/specs/$spec.yaml") bytes, $("$BIN/bare_parse" "$WORK/specs/$spec.yaml"), $(grep -c 'operationId:' "$WORK/specs/$spec.yaml") operations"
    # progenitor: the same spec without `format: uri-map`.
    sed '/^[[:space:]]*format: uri-map[[:space:]]*$/d' "$WORK/specs/$spec.yaml" >"$WORK/specs/progenitor/$spec.yaml"
    removed=$(($(wc -l <"$WORK/specs/$spec.yaml") - $(wc -l <"$WORK/specs/progenitor/$spec.yaml")))
    say "     for progenitor: $removed 'format: uri-map' lines removed (specs/progenitor/$spec.yaml)"
    # shellcheck disable=SC2016 # the backquotes are markdown
    printf 'progenitor, %s: %s `format: uri-map` lines removed\n' "$spec" "$removed" >>"$RESULTS/preprocessing.txt"
done

# gen_command TOOL SPEC OUT: the command line that generates SPEC into OUT.
gen_command() {
    local tool=$1 spec=$2 out=$3 file="$WORK/specs/$2.yaml"
    case $tool in
    bare-parse) echo "$BIN/bare_parse $file" ;;
    regenerate) echo "$BIN/regenerate $file --out $out" ;;
    regenerate-compact) echo "$BIN/regenerate $file --compact --out $out" ;;
    openapi-to-rust) echo "$TOOLS/bin/openapi-to-rust generate $file --output-dir $out --module-name api --quiet" ;;
    oas3-gen-types) echo "$TOOLS/bin/oas3-gen generate -i $file -o $out/types.rs --quiet --color never" ;;
    oas3-gen-client) echo "$TOOLS/bin/oas3-gen generate client-mod --workspace -i $file -o $out --quiet --color never" ;;
    progenitor) echo "$TOOLS/bin/cargo-progenitor progenitor -i $WORK/specs/progenitor/$spec.yaml -o $out -n $spec-progenitor -v 0.1.0" ;;
    openapi-generator) echo "java -jar $OAG_JAR generate -g rust -i $file -o $out --package-name ${spec//_/-}-openapi-generator" ;;
    esac
}

# Every tool once on every spec, untimed: what fails is reported and left out.
declare -A WORKS=()
TOOLS_RUN="regenerate regenerate-compact"
for peer in $PEERS; do
    [ -n "${AVAILABLE[$peer]:-}" ] && TOOLS_RUN="$TOOLS_RUN $peer"
done
for spec in $SPECS; do
    for tool in $TOOLS_RUN; do
        out="$WORK/out/$spec/$tool"
        log="$LOGS/gen-$spec-$tool.log"
        read -ra command <<<"$(gen_command "$tool" "$spec" "$out")"
        if "${command[@]}" >"$log" 2>&1 && [ -n "$(find "$out" -name '*.rs' 2>/dev/null)" ]; then
            WORKS[$spec.$tool]=1
            lines=$(find "$out" -name '*.rs' -exec cat {} + | grep -cv '^[[:space:]]*$')
            printf '%s\t%s\t%s\n' "$spec" "$tool" "$lines" >>"$RESULTS/lines.tsv"
            say "   $spec, $tool: ok, $lines non-blank lines of Rust"
        else
            problem "$tool cannot generate $spec: $(grep -m1 -iE 'error|panicked|not yet implemented' "$log" | cut -c1-160 || tail -n1 "$log")"
        fi
    done
done
# What progenitor does with the spec as it is, to show why it is changed.
if [ -n "${AVAILABLE[progenitor]:-}" ]; then
    if "$TOOLS/bin/cargo-progenitor" progenitor -i "$WORK/specs/chat_v2.yaml" -o "$WORK/gen/progenitor-as-is" \
        -n as-is -v 0.1.0 >"$LOGS/progenitor-as-is.log" 2>&1; then
        say "   progenitor accepts chat_v2 with uri-map as it is: the preprocessing is no longer needed"
        printf 'progenitor: the original chat_v2 now works too; the removal is no longer needed\n' >>"$RESULTS/preprocessing.txt"
    else
        why=$(grep -m1 'not yet implemented' "$LOGS/progenitor-as-is.log" || true)
        [ -z "$why" ] || why="$why $(grep -m1 '"format"' "$LOGS/progenitor-as-is.log" | sed 's/^ *//' || true)"
        say "   progenitor on chat_v2 as it is: fails (${why:-see $LOGS/progenitor-as-is.log})"
        printf 'progenitor on the original chat_v2: %s\n' "${why:-fails}" >>"$RESULTS/preprocessing.txt"
    fi
fi

# --- timing machinery ---------------------------------------------------------------------

# others_busy: whether a compiler runs that is not ours (none of ours runs
# between hyperfine rounds, where this is asked).
others_busy() { pgrep -x rustc >/dev/null; }

# wait_idle ROUND: waits (up to PEERS_WAIT seconds) until no other rustc
# runs; asked before every round, where the load average would still count
# our own builds.
wait_idle() {
    local waited=0
    while others_busy; do
        if [ "$waited" -ge "$WAIT" ]; then
            say "   WARNING: another rustc is running at $1; timing anyway"
            note "warning" "another rustc was running at $1"
            return 0
        fi
        sleep 5
        waited=$((waited + 5))
    done
    [ "$waited" -eq 0 ] || say "   waited ${waited}s for another rustc to finish before $1"
}

# wait_quiet PART: waits (up to PEERS_WAIT seconds) for the load to drop.
wait_quiet() {
    local waited=0
    while awk -v l="$(load1)" -v m="$MAX_LOAD" 'BEGIN { exit !(l > m) }'; do
        if [ "$waited" -ge "$WAIT" ]; then
            say "   WARNING: load $(loadavg) above $MAX_LOAD at the start of $1; timing anyway"
            note "warning" "load $(loadavg) at the start of $1"
            return 0
        fi
        sleep 15
        waited=$((waited + 15))
    done
    [ "$waited" -eq 0 ] || say "   waited ${waited}s for the load to drop below $MAX_LOAD"
}

# bench NAME ROUNDS RUNS WARMUP PREFIX BASELINE REFERENCE [LABEL PREPARE COMMAND]...
# Runs hyperfine ROUNDS times, RUNS runs of each command per round, the
# commands rotated one place each round; WARMUP is "FIRST/LATER", the
# untimed runs of each command in the first round and in later ones (hyperfine's
# --warmup); PREFIX (e.g.
# `taskset -c 0`, or "") goes before hyperfine. Writes the raw JSON of each
# round to results/NAME.roundN.json and a summary to results/NAME.tsv:
# label, median, mean, stddev, min, max, runs, ratio to BASELINE, its range
# over the rounds, ratio to REFERENCE, its range.
bench() {
    local name=$1 rounds=$2 runs=$3 warmup=$4 prefix=$5 baseline=$6 reference=$7
    shift 7
    local -a labels=() prepares=() commands=()
    while [ $# -gt 0 ]; do
        labels+=("$1")
        prepares+=("$2")
        commands+=("$3")
        shift 3
    done
    local n=${#labels[@]} round k i load_before
    load_before=$(loadavg)
    for ((round = 0; round < rounds; round++)); do
        wait_idle "$name, round $((round + 1))"
        local -a args=(-N --style basic --runs "$runs" --warmup "${warmup%/*}"
            --export-json "$RESULTS/$name.round$round.json")
        for ((k = 0; k < n; k++)); do
            i=$(((k + round) % n))
            args+=(--prepare "${prepares[$i]}")
        done
        for ((k = 0; k < n; k++)); do
            i=$(((k + round) % n))
            args+=(--command-name "${labels[$i]}" "${commands[$i]}")
        done
        # shellcheck disable=SC2086 # PREFIX is words on purpose
        $prefix "$HF" "${args[@]}" >>"$LOGS/$name.hyperfine.log" 2>&1 || {
            problem "hyperfine failed in $name (see $LOGS/$name.hyperfine.log)"
            return 1
        }
        warmup=${warmup#*/}
    done
    python3 "$WORK/summarize.py" "$RESULTS" "$name" "$rounds" "$baseline" "$reference" \
        "$load_before" "$(loadavg)"
}

cat >"$WORK/summarize.py" <<'PY'
import json, statistics, sys

results, name, rounds, baseline, reference, load_before, load_after = sys.argv[1:8]
times, per_round = {}, []
for r in range(int(rounds)):
    with open(f"{results}/{name}.round{r}.json") as f:
        data = json.load(f)["results"]
    medians = {}
    for res in data:
        times.setdefault(res["command"], []).extend(res["times"])
        medians[res["command"]] = statistics.median(res["times"])
    per_round.append(medians)

def ratio(label, base):
    """The paired ratio: the median over the rounds of label's median in
    the round over base's median in the same round; and its range."""
    if base not in times:
        return "", "", ""
    each = [m[label] / m[base] for m in per_round]
    return f"{statistics.median(each):.3f}", f"{min(each):.3f}", f"{max(each):.3f}"

with open(f"{results}/{name}.tsv", "w") as out:
    for label, t in times.items():
        row = [label, statistics.median(t), statistics.mean(t),
               statistics.stdev(t) if len(t) > 1 else 0.0, min(t), max(t), len(t)]
        row = [row[0]] + [f"{x:.6f}" for x in row[1:6]] + [str(row[6])]
        row += list(ratio(label, baseline)) + list(ratio(label, reference))
        out.write("\t".join(row) + "\n")
with open(f"{results}/{name}.load", "w") as out:
    out.write(f"{load_before}\t{load_after}\n")
print(f"   {name}: load {load_before} -> {load_after}")
for label, t in times.items():
    unit, scale = ("ms", 1000) if statistics.median(t) < 1 else ("s", 1)
    base, lo, hi = ratio(label, baseline)
    refr, rlo, rhi = ratio(label, reference)
    print(f"   {label:<18} median {statistics.median(t) * scale:9.3f} {unit}"
          f"  (min {min(t) * scale:.3f}, max {max(t) * scale:.3f}, {len(t)} runs)"
          + (f"  x{base} of {baseline} ({lo}-{hi})" if base else "")
          + (f"  x{refr} of {reference}" if refr and reference != baseline and label != reference else ""))
PY

# --- 4. generation --------------------------------------------------------------------------

section "4. generation: $RUNS runs per command in $ROUNDS rounds, --warmup 3"
for spec in $SPECS; do
    wait_quiet "generation of $spec"
    set -- bare-parse "true" "$(gen_command bare-parse "$spec" -)"
    for tool in $TOOLS_RUN; do
        [ -n "${WORKS[$spec.$tool]:-}" ] || continue
        out="$WORK/gen/$tool"
        set -- "$@" "$tool" "rm -rf $out" "$(gen_command "$tool" "$spec" "$out")"
    done
    # A large spec from outside gets fewer runs: some tools take seconds.
    case " ${EXTRA_NAMES:-} " in
    *" $spec "*) bench "gen-$spec" 2 $(((EXTRA_RUNS + 1) / 2)) 1/1 "" bare-parse regenerate "$@" || true ;;
    *) bench "gen-$spec" "$ROUNDS" "$RUNS_PER_ROUND" 3/3 "" bare-parse regenerate "$@" || true ;;
    esac
done

section "4b. generation pinned to one core (taskset -c 0): regenerate vs bare parse"
for spec in $SPECS; do
    [ -n "${WORKS[$spec.regenerate]:-}" ] || continue
    wait_quiet "pinned generation of $spec"
    bench "gen1-$spec" "$ROUNDS" "$RUNS_PER_ROUND" 3/3 "taskset -c 0" bare-parse regenerate \
        bare-parse "true" "$(gen_command bare-parse "$spec" -)" \
        regenerate "rm -rf $WORK/gen/regenerate" "$(gen_command regenerate "$spec" "$WORK/gen/regenerate")" \
        regenerate-compact "rm -rf $WORK/gen/regenerate-compact" \
        "$(gen_command regenerate-compact "$spec" "$WORK/gen/regenerate-compact")" || true
done

# --- 5. compiling the output -----------------------------------------------------------------

# make_crate SPEC TOOL: a crate around TOOL's output for SPEC, in crates/SPEC-TOOL.
make_crate() {
    local crate="$WORK/crates/$1-$2"
    # The lock file stays, so that a second run builds the same dependencies.
    local lock="$WORK/crates/$1-$2.lock"
    [ ! -f "$crate/Cargo.lock" ] || mv "$crate/Cargo.lock" "$lock"
    rm -rf "$crate"
    make_crate_files "$@" || return 1
    [ ! -f "$lock" ] || cp "$lock" "$crate/Cargo.lock"
}

make_crate_files() {
    local spec=$1 tool=$2 crate="$WORK/crates/$1-$2" out="$WORK/out/$1/$2"
    case $tool in
    regenerate)
        "$BIN/regenerate" "$WORK/specs/$spec.yaml" --crate "$crate" --crate-name "$spec-regenerate" \
            --runtime-dependency "{ path = \"$ROOT/runtime\" }" >"$LOGS/crate-$spec-$tool.log" 2>&1 || return 1
        ;;
    openapi-to-rust)
        mkdir -p "$crate/src"
        cp -r "$out" "$crate/src/api"
        rm "$crate/src/api/REQUIRED_DEPS.toml"
        printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n' "$spec-$tool" >"$crate/Cargo.toml"
        grep -v '^#' "$out/REQUIRED_DEPS.toml" >>"$crate/Cargo.toml"
        printf '\n[workspace]\n' >>"$crate/Cargo.toml"
        printf 'pub mod api;\n' >"$crate/src/lib.rs"
        ;;
    oas3-gen-types)
        # Its types need what its crate mode lists as dependencies.
        [ -f "$WORK/out/$spec/oas3-gen-client/Cargo.toml" ] || return 1
        mkdir -p "$crate/src"
        cp "$out/types.rs" "$crate/src/lib.rs"
        printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2024"\npublish = false\n\n' "$spec-$tool" >"$crate/Cargo.toml"
        sed -n '/^\[dependencies\]/,$p' "$WORK/out/$spec/oas3-gen-client/Cargo.toml" >>"$crate/Cargo.toml"
        printf '\n[workspace]\n' >>"$crate/Cargo.toml"
        ;;
    oas3-gen-client | progenitor | openapi-generator)
        cp -r "$out" "$crate"
        sed -i "s/^name = .*/name = \"$spec-$tool\"/" "$crate/Cargo.toml"
        printf '\n[workspace]\n' >>"$crate/Cargo.toml"
        ;;
    esac
    # openapi-generator 7.26 qualifies a form parameter of an enum by $ref
    # twice (`models::models::X`) and a free-form one as
    # `models::serde_json::Value`; without this one rewrite its output does
    # not compile, so that nothing of it could be timed.
    if [ "$tool" = openapi-generator ]; then
        local fixed
        fixed=$(grep -rhoE 'models::(models|serde_json)::' "$crate/src" | wc -l)
        if [ "$fixed" -gt 0 ]; then
            find "$crate/src" -name '*.rs' -exec \
                sed -i 's/models::models::/models::/g; s/models::serde_json::/serde_json::/g' {} +
            printf 'openapi-generator, %s: %s paths `models::models::` / `models::serde_json::` rewritten in its output\n' \
                "$spec" "$fixed" >>"$RESULTS/preprocessing.txt"
        fi
    fi
}

declare -A COMPILES=()
for spec in $BUILD_SPECS; do
    case " $SPECS " in *" $spec "*) ;; *) continue ;; esac
    section "5. compiling the output for $spec"
    for tool in $TOOLS_RUN; do
        [ -n "${WORKS[$spec.$tool]:-}" ] || continue
        # The same code as regenerate's, on one line per file.
        [ "$tool" != regenerate-compact ] || continue
        crate="$WORK/crates/$spec-$tool"
        if ! make_crate "$spec" "$tool"; then
            if [ "$tool" = oas3-gen-types ] && [ -z "${WORKS[$spec.oas3-gen-client]:-}" ]; then
                problem "oas3-gen-types, $spec: its crate takes its dependencies from oas3-gen-client's, which did not run"
            else
                problem "$tool, $spec: no crate could be made around its output"
            fi
            continue
        fi
        log="$LOGS/build-$spec-$tool.log"
        if CARGO_TARGET_DIR="$WORK/targets/$spec-$tool" CARGO_INCREMENTAL=0 \
            cargo build --manifest-path "$crate/Cargo.toml" >"$log" 2>&1 &&
            CARGO_TARGET_DIR="$WORK/targets/$spec-$tool" CARGO_INCREMENTAL=0 \
                cargo check --manifest-path "$crate/Cargo.toml" >>"$log" 2>&1; then
            COMPILES[$spec.$tool]=1
            say "   $tool: builds ($(grep -c '^warning' "$log" || true) warnings; dependencies built)"
        else
            problem "$tool's output for $spec does not compile: $(grep -m1 -E '^error' "$log" | cut -c1-160)"
        fi
    done
    runs=$BUILD_RUNS
    [ "$spec" = fleet_v1 ] && runs=$LARGE_BUILD_RUNS
    case " ${EXTRA_NAMES:-} " in *" $spec "*) runs=$EXTRA_BUILD_RUNS ;; esac
    for what in build check; do
        set --
        for tool in $TOOLS_RUN; do
            [ -n "${COMPILES[$spec.$tool]:-}" ] || continue
            crate="$WORK/crates/$spec-$tool"
            set -- "$@" "$tool" "touch $crate/src/lib.rs" \
                "env CARGO_TARGET_DIR=$WORK/targets/$spec-$tool CARGO_INCREMENTAL=0 cargo $what --offline -q --manifest-path $crate/Cargo.toml"
        done
        [ $# -gt 0 ] || continue
        wait_quiet "cargo $what of $spec"
        say "   cargo $what: $runs rounds of one run each (one warmup run first)"
        bench "$what-$spec" "$runs" 1 1/0 "" regenerate regenerate "$@" || true
    done
done

# --- 6. summary ------------------------------------------------------------------------------

section "6. summary"
note "load at end" "$(loadavg)"
note "run time" "$(($(date +%s) - STARTED)) s"
python3 - "$RESULTS" "$SPECS" "$BUILD_SPECS" >"$WORK/summary.md" <<'PY'
import os, sys

results, specs, build_specs = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()

def table(name):
    path = f"{results}/{name}.tsv"
    if not os.path.exists(path):
        return {}
    rows = {}
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        rows[f[0]] = f
    return rows

def load(name):
    path = f"{results}/{name}.load"
    return open(path).read().strip().replace("\t", " → ") if os.path.exists(path) else "?"

lines = {}
if os.path.exists(f"{results}/lines.tsv"):
    for line in open(f"{results}/lines.tsv"):
        spec, tool, n = line.split()
        lines[(spec, tool)] = int(n)

def rng(lo, hi):
    return f" ({lo}–{hi})" if lo and lo != hi else ""

print("## Generation (whole process, into an empty folder; median of all runs)\n")
print("| spec | tool | median | × bare parse (range over rounds) | × regenerate | runs | lines |")
print("|---|---|---|---|---|---|---|")
for spec in specs:
    rows = table(f"gen-{spec}")
    for label, f in rows.items():
        ms = float(f[1]) * 1000
        print(f"| {spec} | {label} | {ms:.1f} ms | {f[7]}{rng(f[8], f[9])} | {f[10] or '–'} | {f[6]} "
              f"| {lines.get((spec, label), '–')} |")
print()
print("Load average (1, 5, 15 min) before → after: "
      + "; ".join(f"{s} {load('gen-' + s)}" for s in specs) + "\n")

print("## Generation pinned to one core (`taskset -c 0`)\n")
print("| spec | tool | median | bare parse | × bare parse (range over rounds) | runs |")
print("|---|---|---|---|---|---|")
for spec in specs:
    rows = table(f"gen1-{spec}")
    for label, r in rows.items():
        if label == "bare-parse":
            continue
        b = rows["bare-parse"]
        print(f"| {spec} | {label} | {float(r[1]) * 1000:.1f} ms | {float(b[1]) * 1000:.1f} ms "
              f"| {r[7]}{rng(r[8], r[9])} | {r[6]} |")
print()

for spec in build_specs:
    build, check = table(f"build-{spec}"), table(f"check-{spec}")
    if not build and not check:
        continue
    print(f"## Compiling the output: {spec} (crate only, debug, CARGO_INCREMENTAL=0)\n")
    print("| tool | lines | cargo build | × regenerate's (range) | cargo check | × regenerate's (range) | check s per 1,000 lines |")
    print("|---|---|---|---|---|---|---|")
    for label in list(build) + [l for l in check if l not in build]:
        b, c = build.get(label), check.get(label)
        n = lines.get((spec, label))
        per = f"{float(c[1]) * 1000 / n:.3f}" if c and n else "–"
        print(f"| {label} | {n or '–'} "
              f"| {f'{float(b[1]):.2f} s' if b else '–'} | {b[7] + rng(b[8], b[9]) if b else '–'} "
              f"| {f'{float(c[1]):.2f} s' if c else '–'} | {c[7] + rng(c[8], c[9]) if c else '–'} | {per} |")
    print(f"\nLoad before → after: build {load('build-' + spec)}; check {load('check-' + spec)}\n")

print("## Machine, versions, preprocessing, problems\n")
for line in open(f"{results}/facts.tsv"):
    k, v = line.rstrip("\n").split("\t", 1)
    print(f"- {k}: {v}")
for line in open(f"{results}/preprocessing.txt"):
    print(f"- preprocessing: {line.strip()}")
problems = open(f"{results}/problems.txt").read().splitlines()
for p in problems:
    print(f"- problem: {p}")
if not problems:
    print("- problems: none")
PY
cat "$WORK/summary.md"
say ""
say "raw hyperfine JSON: $RESULTS/*.round*.json; logs: $LOGS; total $(($(date +%s) - STARTED)) s"
