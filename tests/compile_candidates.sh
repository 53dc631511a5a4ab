#!/usr/bin/env bash
# What two design choices of the generated code save the compiler, measured
# on the generated Chat v2 crate. Run from anywhere:
#
#     bash tests/compile_candidates.sh [WORK_DIR]    # ~5 min on 2 cores
#
# Three crates are written from spec/twilio_chat_v2.yaml with `regenerate
# --crate`, identical but for where the shared code lives:
#
#   crate     what the generator writes: the generated modules, and the
#             runtime as a dependency (`twilio-runtime`), compiled once;
#   inline    the runtime's source copied into the crate as a module
#             (`--runtime-path crate::rt`), as if every user crate carried
#             the shared code itself (the generator's layout before the
#             runtime crate);
#   per-type  as `inline`, but every SID type is its own struct with its own
#             non-generic impls (the impls of the runtime's `Sid<S>`, written
#             out once per type by a macro), instead of an alias of the
#             generic `Sid<S>`.
#
# For `inline` and `per-type` the copied runtime is changed only where Rust
# requires it: `crate::` paths point at the module, its private modules and
# helpers become `pub(crate)` so that the per-type impls can reach them, and
# the clients (features of the runtime) are left out.
#
# Each crate gets its own CARGO_TARGET_DIR with its dependencies built
# first; then hyperfine times `cargo build` and `cargo check` of the crate
# alone (`touch src/lib.rs` before each run, CARGO_INCREMENTAL=0), one run of
# each crate per round, in rotated order, RUNS rounds (default 5).

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${1:-$ROOT/target/compile-candidates}
RUNS=${RUNS:-5}
export CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0
unset CARGO_BUILD_TARGET_DIR

command -v hyperfine >/dev/null || {
    echo "hyperfine is needed (apt-get install hyperfine, or cargo install hyperfine)" >&2
    exit 2
}
rm -rf "$WORK"
mkdir -p "$WORK"

echo "== building regenerate (release)"
cargo build --release -q --manifest-path "$ROOT/Cargo.toml" -p twilio-codegen --bin regenerate
REGENERATE=$(cargo metadata --format-version 1 --no-deps --manifest-path "$ROOT/Cargo.toml" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/regenerate
SPEC="$ROOT/spec/twilio_chat_v2.yaml"

echo "== writing the crates into $WORK"
"$REGENERATE" "$SPEC" --module v2 --crate "$WORK/crate" --crate-name candidate-crate \
    --runtime-dependency "{ path = \"$ROOT/runtime\" }" >/dev/null 2>&1

"$REGENERATE" "$SPEC" --module v2 --crate "$WORK/inline" --crate-name candidate-inline \
    --runtime-path crate::rt >/dev/null 2>&1
rt="$WORK/inline/src/rt"
cp -r "$ROOT/runtime/src" "$rt"
rm -rf "$rt/client"
mv "$rt/lib.rs" "$rt/mod.rs"
printf '\n/// The runtime, carried by the crate itself.\npub mod rt;\n' >>"$WORK/inline/src/lib.rs"
# No clients, no docs.rs settings; the runtime's modules are private, and
# the per-type SIDs need two of them.
python3 - "$rt/mod.rs" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
text = re.sub(r'#\[cfg\((any\()?feature = "[^\n]*\n[^\n]*\n', "", text)
text = re.sub(r"#!\[cfg_attr\(docsrs[^\n]*\n", "", text)
text = re.sub(r"^mod ", "pub(crate) mod ", text, flags=re.M)
open(path, "w").write(text)
PY
find "$rt" -name '*.rs' -exec sed -i -E 's/(^|[^A-Za-z0-9_])crate::/\1crate::rt::/g' {} +
# The runtime's dependencies, without the clients'.
{
    sed '/^twilio-runtime = /d' "$WORK/inline/Cargo.toml" | sed '/^\[dependencies\]/q'
    sed -n '/^\[dependencies\]/,/^$/p' "$ROOT/runtime/Cargo.toml" | sed '1d'
    printf '[workspace]\n'
} >"$WORK/inline/Cargo.toml.new"
mv "$WORK/inline/Cargo.toml.new" "$WORK/inline/Cargo.toml"

cp -r "$WORK/inline" "$WORK/per-type"
sed -i 's/^name = .*/name = "candidate-per-type"/' "$WORK/per-type/Cargo.toml"
sid="$WORK/per-type/src/rt/sid.rs"
sed -i -E 's/^(    )fn (accepts|accepts_all|table|what)\(/\1pub(crate) fn \2(/; s/^(    )(type_name|prefix|body|kind): /\1pub(crate) \2: /' "$sid"
cat >>"$sid" <<'RUST'

/// One SID type with its own impls, none of them generic: what the
/// generated code would hold per type without the generic `Sid<S>`.
#[macro_export]
macro_rules! per_type_sid {
    ($(#[$attr:meta])* $name:ident, $spec:ty) => {
        $(#[$attr])*
        pub struct $name {
            bytes: [u8; 34],
        }
        impl $name {
            /// Validates `s`.
            ///
            /// # Errors
            ///
            /// When `s` is not a SID of this type.
            pub fn parse(s: &str) -> Result<Self, $crate::rt::SidError> {
                use $crate::rt::SidSpec as _;
                let fail = |kind| $crate::rt::SidError {
                    type_name: <$spec>::NAME,
                    prefix: <$spec>::PREFIX,
                    body: <$spec>::BODY,
                    kind,
                };
                let bytes = s.as_bytes();
                let Ok(array) = <[u8; 34]>::try_from(bytes) else {
                    return Err(fail($crate::rt::SidErrorKind::Length(bytes.len())));
                };
                if !<$spec>::PREFIX.accepts(&array[..2]) {
                    let mut chars = s.chars();
                    let found = [chars.next().unwrap_or_default(), chars.next().unwrap_or_default()];
                    return Err(fail($crate::rt::SidErrorKind::Prefix(found)));
                }
                let body = &array[2..];
                if !<$spec>::BODY.accepts_all(body) {
                    let table = <$spec>::BODY.table();
                    if let Some(position) = body.iter().position(|&b| !table[usize::from(b)]) {
                        let position = position + 2;
                        let found = s[position..].chars().next().unwrap_or('\u{fffd}');
                        return Err(fail($crate::rt::SidErrorKind::Character { position, found }));
                    }
                }
                Ok(Self { bytes: array })
            }
            /// The SID as text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                std::str::from_utf8(&self.bytes).unwrap_or_default()
            }
        }
        impl Clone for $name {
            fn clone(&self) -> Self {
                *self
            }
        }
        impl Copy for $name {}
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.bytes == other.bytes
            }
        }
        impl Eq for $name {}
        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.bytes.cmp(&other.bytes)
            }
        }
        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.bytes.hash(state);
            }
        }
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                use $crate::rt::SidSpec as _;
                f.debug_tuple(<$spec>::NAME).field(&self.as_str()).finish()
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for $name {
            type Err = $crate::rt::SidError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
        impl TryFrom<&str> for $name {
            type Error = $crate::rt::SidError;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                Self::parse(s)
            }
        }
        impl TryFrom<String> for $name {
            type Error = $crate::rt::SidError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl $crate::rt::serde::Serialize for $name {
            fn serialize<Ser: $crate::rt::serde::Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::rt::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl $crate::rt::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        use $crate::rt::SidSpec as _;
                        write!(f, "a {} ({} followed by 32 {}s)", <$spec>::NAME, <$spec>::PREFIX, <$spec>::BODY.what())
                    }
                    fn visit_str<E: $crate::rt::serde::de::Error>(self, s: &str) -> Result<$name, E> {
                        $name::parse(s).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
        impl $crate::rt::lenient::Leaf for $name {
            fn from_str(s: &str) -> Option<Self> {
                $name::parse(s).ok()
            }
        }
        impl $crate::rt::lenient::Lenient for $name {
            fn read<'de, D: $crate::rt::serde::Deserializer<'de>>(
                d: D,
            ) -> Result<$crate::rt::lenient::Read<Self>, D::Error> {
                $crate::rt::lenient::read_leaf(d)
            }
        }
        impl $crate::rt::ParamValue for $name {
            fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
                out.push((key, self.as_str().to_owned()));
            }
        }
        impl From<$name> for $crate::rt::SidLike<$name> {
            fn from(sid: $name) -> Self {
                $crate::rt::SidLike::Sid(sid)
            }
        }
    };
}
RUST
# Every alias of the generic type becomes a type of its own.
sids="$WORK/per-type/src/sids.rs"
python3 - "$sids" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
text, n = re.subn(
    r"((?:^///[^\n]*\n)*)^pub type (\w+) = crate::rt::Sid<(prefix::\w+)>;",
    lambda m: "crate::per_type_sid!(\n" + "".join(f"    {l}\n" for l in m.group(1).splitlines()) + f"    {m.group(2)}, {m.group(3)}\n);",
    text, flags=re.M)
if n == 0:
    sys.exit("no SID alias found in " + path)
open(path, "w").write(text)
print(f"   per-type: {n} SID types written out")
PY

for c in crate inline per-type; do
    echo "== $c: dependencies, then the crate once"
    (cd "$WORK/$c" && CARGO_TARGET_DIR="$WORK/target-$c" cargo build -q 2>"$WORK/$c.log" &&
        CARGO_TARGET_DIR="$WORK/target-$c" cargo check -q 2>>"$WORK/$c.log") || {
        cat "$WORK/$c.log" >&2
        echo "FAIL: the $c crate does not build" >&2
        exit 1
    }
    lines=$(find "$WORK/$c/src" -name '*.rs' -exec cat {} + | grep -cv '^\s*$')
    echo "   $lines non-blank lines in src/"
done

echo "== timing: $RUNS rounds, one run of each crate per round, order rotated"
order=(crate inline per-type)
for what in build check; do
    for round in $(seq 1 "$RUNS"); do
        set --
        for i in 0 1 2; do
            c=${order[$(((i + round) % 3))]}
            set -- "$@" --command-name "$c" \
                "touch $WORK/$c/src/lib.rs && CARGO_TARGET_DIR=$WORK/target-$c cargo $what -q --offline --manifest-path $WORK/$c/Cargo.toml"
        done
        hyperfine --runs 1 --export-json "$WORK/$what.$round.json" --style none "$@" >/dev/null
    done
done

python3 - "$WORK" "$RUNS" <<'PY'
import json, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
for what in ("build", "check"):
    times = {}
    for r in range(1, runs + 1):
        for res in json.load(open(f"{work}/{what}.{r}.json"))["results"]:
            times.setdefault(res["command"], []).append(res["times"][0])
    base = statistics.median(times["crate"])
    print(f"\ncargo {what}, crate only (median of {runs}; ratio to `crate`, range over rounds):")
    for name in ("crate", "inline", "per-type"):
        t = times[name]
        ratios = [a / b for a, b in zip(t, times["crate"])]
        print(f"  {name:9} {statistics.median(t):6.2f} s   x{statistics.median(t)/base:.3f} ({min(ratios):.3f}-{max(ratios):.3f})")
PY
