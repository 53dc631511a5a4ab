#!/usr/bin/env bash
# Sweeps a folder of OpenAPI specs: each one is generated as a crate of its
# own (`regenerate --crate`) and compiled by clippy with warnings denied, and
# the script prints one row per spec:
#
#   ops       operations in the spec (`operationId`s)
#   stubs     endpoint stubs generated
#   structs   structs other than stubs
#   enums     enums
#   Value     fields and parameters typed serde_json::Value
#   notype    warnings for properties the spec gives no type (the only
#             reason left for Value)
#   V.rsp     responses typed serde_json::Value (lists included)
#   2822      date-time-rfc-2822 in the spec / fields typed Rfc2822DateTime
#   drop      request bodies not generated
#   warn      warnings the generator printed
#   gen ms    generation time; build s: clippy time (checks and lints)
#   result    ok, or what failed
#
# With SWEEP_EXAMPLES=1, each crate also gets a test that reads every
# example response body of its spec under every 2xx status (written by the
# generator's `response_examples` example), and the row ends with its
# counts: operations with examples, examples, reads, failures.
#
# Usage: tests/sweep.sh SPEC_FOLDER [WORK_FOLDER]
# WORK_FOLDER (default: a temporary folder) keeps the crates and logs; the
# crates share one target folder under it, so the runtime is built once.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

specs=${1:?usage: tests/sweep.sh SPEC_FOLDER [WORK_FOLDER]}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
cargo build -q --release -p twilio-codegen --bin regenerate || exit 2
target="${CARGO_TARGET_DIR:-$root/target}"
regenerate="$target/release/regenerate"
if [ "${SWEEP_EXAMPLES:-}" = 1 ]; then
    cargo build -q --release -p twilio-codegen --example response_examples || exit 2
    examples="$target/release/examples/response_examples"
fi
export CARGO_TARGET_DIR="$work/target"

printf '%-24s %4s %5s %7s %5s %5s %6s %5s %7s %4s %4s %6s %7s  %s\n' \
    spec ops stubs structs enums Value notype V.rsp 2822 drop warn 'gen ms' 'build s' result
totals=(0 0 0 0 0 0 0 0 0 0)
failed=0
seconds() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); }
count() { grep -rhE "$1" "$2" 2>/dev/null | wc -l | tr -d ' '; }
for spec in "$specs"/*.yaml "$specs"/*.yml "$specs"/*.json; do
    [ -f "$spec" ] || continue
    name=$(basename "${spec%.*}"); name=${name#twilio_}
    crate="$work/crates/$name"
    log="$work/logs/$name"
    mkdir -p "$work/logs"
    rm -rf "$crate"
    ops=$(grep -cE '^\s*"?operationId"?\s*:\s*"?[A-Za-z]' "$spec")
    start=$(date +%s%N)
    if ! "$regenerate" "$spec" --module api --crate "$crate" --crate-name "sweep-${name//_/-}" \
        --runtime-dependency "{ path = \"$root/runtime\" }" >"$log.gen" 2>&1; then
        result="generation failed: $(grep -m1 -E '^error' "$log.gen" | cut -c1-80)"
        printf '%-24s %4s %5s %7s %5s %5s %6s %5s %7s %4s %4s %6s %7s  %s\n' "$name" "$ops" - - - - - - - - - - - "$result"
        failed=$((failed + 1))
        continue
    fi
    gen=$(( ($(date +%s%N) - start) / 1000000 ))
    src="$crate/src"
    stubs=$(count '^impl ::twilio_runtime::Endpoint' "$src")
    structs=$(( $(count '^pub struct ' "$src") - stubs ))
    enums=$(count '^pub enum ' "$src")
    values=$(count '^\s+pub [a-z_0-9#]+: .*serde_json::Value' "$src")
    value_responses=$(count 'type Response = ::twilio_runtime::serde_json::Value;' "$src")
    warnings=$(grep -c '^warning' "$log.gen")
    notype=$(grep -c 'the spec gives no type' "$log.gen")
    dropped=$(grep -c 'are not generated: only form and JSON bodies are' "$log.gen")
    rfc_spec=$(grep -c 'date-time-rfc-2822' "$spec")
    rfc_typed=$(count '^\s+pub [a-z_0-9#]+: .*Rfc2822DateTime' "$src")
    start=$(date +%s%N)
    if (cd "$crate" && RUSTFLAGS="-D warnings" cargo clippy -q --all-targets -- -D warnings) >"$log.build" 2>&1; then
        result=ok
    else
        result="build failed: $(grep -m1 -E '^(error|warning)' "$log.build" | cut -c1-80)"
        failed=$((failed + 1))
    fi
    build=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ "${SWEEP_EXAMPLES:-}" = 1 ] && [ "$result" = ok ]; then
        mkdir -p "$crate/tests"
        if "$examples" "$spec" "sweep_${name}::api" "$crate/tests/examples.rs" >"$log.examples" 2>&1 &&
            (cd "$crate" && cargo test -q --test examples -- --nocapture) >>"$log.examples" 2>&1; then
            result="ok; $(grep -m1 -o 'examples: .*' "$log.examples")"
        else
            result="examples failed: $(grep -m1 -o 'examples: .*' "$log.examples" || grep -m1 -E '^error' "$log.examples")"
            failed=$((failed + 1))
        fi
    fi
    printf '%-24s %4s %5s %7s %5s %5s %6s %5s %7s %4s %4s %6s %7s  %s\n' "$name" "$ops" "$stubs" \
        "$structs" "$enums" "$values" "$notype" "$value_responses" "$rfc_spec/$rfc_typed" "$dropped" \
        "$warnings" "$gen" "$(seconds "$build")" "$result"
    add=("$ops" "$stubs" "$structs" "$enums" "$values" "$notype" "$value_responses" "$rfc_spec" "$dropped" "$warnings")
    for i in "${!add[@]}"; do totals[$i]=$((totals[i] + add[i])); done
done
printf '%-24s %4s %5s %7s %5s %5s %6s %5s %7s %4s %4s\n' total "${totals[@]}"
echo "crates and logs: $work"
[ "$failed" -eq 0 ]
