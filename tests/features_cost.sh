#!/usr/bin/env bash
# What a crate of many APIs costs to check when it is built with the
# features of the few it needs (`regenerate --module-features`):
#
#   all       every spec of SPEC_FOLDER in one crate, all features on
#   one:M     the same crate with only module M's feature (default M:
#             api_v2010 and chat_v2, the largest and the product's own)
#   alone:M   a crate generated from M's spec alone, without features
#   res:M     that crate with every resource module but the first left
#             out: what gating each resource behind a feature could save
#
# Each is a cold `cargo check` (an empty target folder, dependencies
# included) and a check of the crate alone (dependencies checked, the crate
# touched), timed with hyperfine in interleaved rounds (one run of each
# per round, the order rotating) so that load from elsewhere hits all
# alike; the ratios against `alone:M` are what to compare between runs.
#
# Usage: tests/features_cost.sh SPEC_FOLDER [MODULE ...]
# Environment: RUNS (rounds, default 3), WORK (keep the crates there).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

specs=${1:?usage: tests/features_cost.sh SPEC_FOLDER [MODULE ...]}
shift
if [ $# -gt 0 ]; then modules=("$@"); else modules=(api_v2010 chat_v2); fi
runs=${RUNS:-3}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
command -v hyperfine >/dev/null || { echo "hyperfine is required" >&2; exit 2; }

target="${CARGO_TARGET_DIR:-$root/target}"
cargo build -q --release -p twilio-codegen --bin regenerate
regenerate="$target/release/regenerate"
unset CARGO_TARGET_DIR
runtime="{ path = \"$root/runtime\" }"

# The crate of every spec, each module named after its file (twilio_X.yaml
# → X).
args=()
for spec in "$specs"/*.yaml "$specs"/*.json; do
    [ -f "$spec" ] || continue
    name=$(basename "${spec%.*}")
    args+=(--spec "$spec" --module "${name#twilio_}")
done
"$regenerate" "${args[@]}" --module-features --compact --crate "$work/all" \
    --crate-name all-apis --runtime-dependency "$runtime" >/dev/null 2>&1
cp Cargo.lock "$work/all/"
files=$(find "$work/all/src" -name '*.rs' | wc -l)
lines=$(cat $(find "$work/all/src" -name '*.rs') | grep -cv '^\s*$')
echo "crate of $((${#args[@]} / 4)) specs: $files files, $lines non-blank lines"

commands=()
names=()
add() { names+=("$1"); commands+=("$2"); }
check="cargo check --offline -q"
add all "$check --manifest-path $work/all/Cargo.toml"
for module in "${modules[@]}"; do
    spec="$specs/twilio_$module.yaml"
    "$regenerate" --spec "$spec" --module "$module" --compact --crate "$work/alone-$module" \
        --crate-name "alone-${module//_/-}" --runtime-dependency "$runtime" >/dev/null 2>&1
    cp Cargo.lock "$work/alone-$module/"
    # The same crate with the first resource module only.
    rm -rf "$work/res-$module"
    cp -r "$work/alone-$module" "$work/res-$module"
    modfile="$work/res-$module/src/$module/mod.rs"
    first=$(grep -m1 -o '^pub mod [a-z_0-9]*' "$modfile" | cut -d' ' -f3)
    # Compact layout: doc lines, `pub mod X {`, its include, `}`, then
    # `pub use self::X::*;`. Docs are held until their module is known.
    awk -v keep="$first" '
        /^#\[doc/ { held = held $0 "\n"; next }
        /^pub mod [a-z_0-9]+ \{$/ { skip = ($3 != keep) }
        /^pub use self::/ { m = $3; sub(/^self::/, "", m); split(m, p, "::"); if (p[1] != keep) { held = ""; next } }
        { if (!skip) printf "%s%s\n", held, $0; held = "" }
        skip && /^}$/ { skip = 0 }
    ' "$modfile" >"$modfile.new" && mv "$modfile.new" "$modfile"
    add "one:$module" "$check --manifest-path $work/all/Cargo.toml --no-default-features --features $module"
    add "alone:$module" "$check --manifest-path $work/alone-$module/Cargo.toml"
    add "res:$module" "$check --manifest-path $work/res-$module/Cargo.toml"
    echo "res:$module keeps the resource module \`$first\` of $module"
done

# Every variant must compile before it is timed.
for i in "${!names[@]}"; do
    CARGO_TARGET_DIR="$work/t-${names[$i]//:/-}" bash -c "${commands[$i]}" \
        || { echo "FAIL: ${names[$i]} does not compile" >&2; exit 1; }
done

results="$work/results"
mkdir -p "$results"
: >"$results/cold" ; : >"$results/crate"
for ((round = 0; round < runs; round++)); do
    for ((k = 0; k < ${#names[@]}; k++)); do
        i=$(((k + round) % ${#names[@]}))
        name=${names[$i]} dir="$work/t-${names[$i]//:/-}"
        hyperfine --style none --runs 1 --prepare "rm -rf '$dir'" --export-csv "$results/x.csv" \
            "CARGO_TARGET_DIR='$dir' ${commands[$i]}" >/dev/null
        echo "$name $(awk -F, 'NR == 2 { print $2 }' "$results/x.csv")" >>"$results/cold"
        # The crate alone: dependencies are checked now.
        manifest=$(grep -o -- '--manifest-path [^ ]*' <<<"${commands[$i]}" | cut -d' ' -f2)
        hyperfine --style none --runs 1 --prepare "touch '$(dirname "$manifest")/src/lib.rs'" \
            --export-csv "$results/x.csv" \
            "CARGO_INCREMENTAL=0 CARGO_TARGET_DIR='$dir' ${commands[$i]}" >/dev/null
        echo "$name $(awk -F, 'NR == 2 { print $2 }' "$results/x.csv")" >>"$results/crate"
    done
    echo "round $((round + 1)) of $runs done (load $(cut -d' ' -f1 /proc/loadavg))"
done

median() { awk -v n="$1" '$1 == n { print $2 }' "$2" | sort -g | awk '{ t[NR] = $1 } END { print NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }
printf '\n%-18s %10s %10s\n' variant 'cold s' 'crate s'
for name in "${names[@]}"; do
    printf '%-18s %10.2f %10.2f\n' "$name" "$(median "$name" "$results/cold")" "$(median "$name" "$results/crate")"
done
echo
for module in "${modules[@]}"; do
    for kind in cold crate; do
        a=$(median "one:$module" "$results/$kind") b=$(median "alone:$module" "$results/$kind")
        c=$(median "res:$module" "$results/$kind")
        awk -v m="$module" -v k="$kind" -v a="$a" -v b="$b" -v c="$c" 'BEGIN {
            printf "%-10s %-5s one:M / alone:M = %.2f   res:M / alone:M = %.2f\n", m, k, a / b, c / b }'
    done
done
echo "crates and results: $work"
