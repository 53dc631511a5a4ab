//! What changed between two API listings, and what each change means for
//! callers: breaking, compatible, or docs only, with the reason in Rust
//! terms.
//!
//! The rules, and why, are in docs/generator.md ("The change report").
//! In short, for this generator's output:
//!
//! - breaking: a caller's code may stop compiling (an item, field, variant
//!   or setter gone, a type changed, a new or reordered argument of `new`,
//!   a trait no longer implemented), or the same code sends or reads
//!   something else on the wire (a method, path, wire name, enum value,
//!   SID pattern, base URL, list key or tag changed; a bound narrowed; a
//!   redirect no longer declared; an alternative added to a union told
//!   apart by shape);
//! - compatible: additions callers cannot notice: new items, new optional
//!   parameters (stubs are `#[non_exhaustive]` and built with `new` and
//!   setters), new fields on models (built with `..Default::default()`),
//!   new enum variants (enums are `#[non_exhaustive]`, and the value was
//!   `Unknown` before), a trait gained, a bound or SID pattern widened,
//!   other 2xx statuses declared (every 2xx is success);
//! - docs only: the API is the same, the docs are not.

mod render;

use std::collections::BTreeMap;
use std::path::Path;

use crate::listing::{pattern, range_text, Kind, Line, Listing, When};
use crate::model::{SidBody, SidForm, SidPrefix};

/// How a change affects callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Class {
    /// A caller's code may stop compiling, or the same code sends or reads
    /// something else.
    Breaking,
    /// An addition callers cannot notice.
    Compatible,
    /// The docs changed, not the API.
    Docs,
}

impl Class {
    /// `breaking`, `compatible` or `docs`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Compatible => "compatible",
            Class::Docs => "docs",
        }
    }
}

/// Whether the item was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    Added,
    Removed,
    Changed,
}

impl What {
    fn as_str(self) -> &'static str {
        match self {
            What::Added => "added",
            What::Removed => "removed",
            What::Changed => "changed",
        }
    }
}

/// A piece of a reason: prose, or code (a name, a type, a wire value).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Code(String),
}

/// A reason, built piece by piece.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Reason(Vec<Piece>);

impl Reason {
    fn t(mut self, text: impl Into<String>) -> Self {
        self.0.push(Piece::Text(text.into()));
        self
    }

    fn c(mut self, code: impl Into<String>) -> Self {
        self.0.push(Piece::Code(code.into()));
        self
    }

    /// Plain text, code in backticks.
    fn text(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.clone(),
                Piece::Code(c) => format!("`{c}`"),
            })
            .collect()
    }
}

fn r(text: impl Into<String>) -> Reason {
    Reason::default().t(text)
}

/// One changed item of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    class: Class,
    what: What,
    item: String,
    kind: Kind,
    reason: Reason,
    old: Option<String>,
    new: Option<String>,
    /// The module whose file declares the item (`v2::user`, `v2`, `sids`,
    /// `` for the root), or `*` for every one.
    home: String,
}

impl Change {
    /// How it affects callers.
    pub fn class(&self) -> Class {
        self.class
    }

    /// The item's path as the listing writes it: `v2::User`,
    /// `v2::User.sid`, `v2::UserStatus::Online`, `v2::CreateUser::new`.
    pub fn item(&self) -> &str {
        &self.item
    }

    /// What kind of item: `struct`, `field`, `stub`, `parameter`, …
    pub fn kind(&self) -> &'static str {
        self.kind.word()
    }

    /// `added`, `removed` or `changed`.
    pub fn change(&self) -> &'static str {
        self.what.as_str()
    }

    /// Why, in Rust terms, with code in backticks: "field
    /// `v2::Message.price` changed from `Option<f64>` to `Option<String>`".
    pub fn reason(&self) -> String {
        self.reason.text()
    }

    /// The item's line in the old listing, if it was there.
    pub fn old_line(&self) -> Option<&str> {
        self.old.as_deref()
    }

    /// The item's line in the new listing, if it is there.
    pub fn new_line(&self) -> Option<&str> {
        self.new.as_deref()
    }
}

/// Every change between two listings, breaking first, then compatible, then
/// docs only, each in the listing's order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    changes: Vec<Change>,
}

impl Changes {
    /// The changes, breaking first.
    pub fn iter(&self) -> std::slice::Iter<'_, Change> {
        self.changes.iter()
    }

    /// How many changes there are of `class`.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// The class of the most serious change, if any changed.
    pub fn worst(&self) -> Option<Class> {
        self.changes.iter().map(|c| c.class).min()
    }

    /// Whether nothing changed, docs included.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Notes that the generated file `file` (relative to the output
    /// folder) differs although no item declared in it changed: its docs,
    /// or code that is not API.
    pub(crate) fn note_file(&mut self, file: &Path) {
        let module = module_of(file);
        let touched = self
            .changes
            .iter()
            .any(|c| c.home == module || c.home == "*");
        if touched {
            return;
        }
        let shown = file.to_string_lossy().replace('\\', "/");
        self.changes.push(Change {
            class: Class::Docs,
            what: What::Changed,
            item: if module.is_empty() {
                shown.clone()
            } else {
                module.clone()
            },
            kind: Kind::Mod,
            reason: r("file ")
                .c(shown)
                .t(" differs, but no item of its API: its docs or its code changed"),
            old: None,
            new: None,
            home: module,
        });
        self.sort();
    }

    fn push(&mut self, change: Change) {
        self.changes.push(change);
    }

    fn sort(&mut self) {
        self.changes
            .sort_by(|a, b| (a.class, &a.item).cmp(&(b.class, &b.item)));
    }
}

impl<'a> IntoIterator for &'a Changes {
    type Item = &'a Change;
    type IntoIter = std::slice::Iter<'a, Change>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The module a generated file declares: `v2/user.rs` → `v2::user`,
/// `v2/mod.rs` → `v2`, `sids.rs` → `sids`, `mod.rs` → ``.
fn module_of(file: &Path) -> String {
    let mut parts: Vec<String> = file
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.strip_suffix(".rs").unwrap_or(&last);
        if stem != "mod" {
            parts.push(stem.to_string());
        }
    }
    parts.join("::")
}

/// The two listings, by key.
struct Diff<'a> {
    old: BTreeMap<String, &'a Line>,
    new: BTreeMap<String, &'a Line>,
    out: Changes,
}

impl Listing {
    /// What changes for callers from this listing (the old API) to `new`:
    /// every item added, removed or changed, classified, with the reason in
    /// Rust terms. Changes to docs alone are found when both listings were
    /// made by [`Builder::listing`](crate::Builder::listing), which keeps
    /// every item's docs; the listing of generated code and a parsed one
    /// have none, as `api.txt` has none.
    pub fn changes(&self, new: &Listing) -> Changes {
        diff(self, new)
    }
}

fn diff(old: &Listing, new: &Listing) -> Changes {
    let mut d = Diff {
        old: old.lines.iter().map(|l| (l.key(), l)).collect(),
        new: new.lines.iter().map(|l| (l.key(), l)).collect(),
        out: Changes::default(),
    };
    for (key, &line) in &d.old.clone() {
        match d.new.get(key).copied() {
            None => d.removed(line),
            Some(now) if now.kind() != line.kind() => {
                if !d.owner_replaced(line) {
                    let reason = r(format!("{} ", line.kind().word()))
                        .c(key.clone())
                        .t(format!(" is now a {}", now.kind().word()));
                    d.emit(Class::Breaking, What::Changed, line, Some(now), reason);
                }
            }
            Some(now) if now != line => d.changed(line, now),
            Some(_) => {}
        }
    }
    for (key, &line) in &d.new.clone() {
        if !d.old.contains_key(key) {
            d.added(line);
        }
    }
    if let (Some(old_docs), Some(new_docs)) = (&old.docs, &new.docs) {
        for (key, text) in new_docs {
            let same_line = match (d.old.get(key), d.new.get(key)) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            };
            if same_line && old_docs.get(key).is_some_and(|was| was != text) {
                let line = d.new[key];
                let reason = r(format!("docs of {} ", line.kind().word()))
                    .c(key.clone())
                    .t(" changed");
                d.emit(Class::Docs, What::Changed, line, Some(line), reason);
            }
        }
    }
    d.out.sort();
    d.out
}

impl<'a> Diff<'a> {
    fn emit(&mut self, class: Class, what: What, line: &Line, now: Option<&Line>, reason: Reason) {
        let shown = now.unwrap_or(line);
        let old = (what != What::Added).then(|| line.to_string());
        let new = match what {
            What::Added => Some(line.to_string()),
            What::Removed => None,
            What::Changed => now.map(ToString::to_string),
        };
        let home = self.home(shown);
        self.out.push(Change {
            class,
            what,
            item: shown.key(),
            kind: shown.kind(),
            reason,
            old,
            new,
            home,
        });
    }

    /// The module whose file declares `line`'s item.
    fn home(&self, line: &Line) -> String {
        let parent = |path: &str| {
            path.rsplit_once("::")
                .map(|(p, _)| p.to_string())
                .unwrap_or_default()
        };
        match line {
            Line::Replay { .. } | Line::ModuleFeatures => "*".into(),
            Line::Mod { path } | Line::Const { path, .. } | Line::Use { path, .. } => parent(path),
            Line::Sid { .. } => "sids".into(),
            Line::Struct { module, .. }
            | Line::Enum { module, .. }
            | Line::Union { module, .. }
            | Line::Stub { module, .. } => module.clone(),
            part => {
                let owner = part.owner().unwrap_or_default();
                let item = self.new.get(owner).or_else(|| self.old.get(owner));
                item.map(|item| self.home(item)).unwrap_or_default()
            }
        }
    }

    /// Whether `line` is a part whose item is gone, or is another kind of
    /// item now: the item's change says it all.
    fn owner_replaced(&self, line: &Line) -> bool {
        let Some(owner) = line.owner() else {
            return false;
        };
        match (self.old.get(owner), self.new.get(owner)) {
            (Some(a), Some(b)) => a.kind() != b.kind(),
            _ => true,
        }
    }

    /// Whether the parameter `owner.name` is an argument of `new` in the
    /// old (or new) listing.
    fn required(&self, old: bool, owner: &str, name: &str) -> bool {
        let lines = if old { &self.old } else { &self.new };
        matches!(
            lines.get(&format!("{owner}::new")),
            Some(Line::New { args, .. }) if args.iter().any(|(n, _)| n == name)
        )
    }

    fn removed(&mut self, line: &Line) {
        if self.owner_replaced(line) {
            return;
        }
        let key = line.key();
        let reason = match line {
            // `new` says it: it no longer takes the argument.
            Line::Param { owner, name, .. } if self.required(true, owner, name) => return,
            Line::Param { name, .. } => r("parameter ")
                .c(key)
                .t(" removed, and its setter ")
                .c(format!(".{name}(…)")),
            Line::Variant { wire, .. } => r("variant ")
                .c(key)
                .t(" removed: ")
                .c(quoted(wire))
                .t(" now reads as ")
                .c(format!("Unknown({})", quoted(wire))),
            Line::Replay { .. } => r("stubs no longer derive ").c("Deserialize"),
            Line::ModuleFeatures => {
                let reason = r("modules are no longer behind cargo features");
                self.emit(Class::Compatible, What::Removed, line, None, reason);
                return;
            }
            _ => r(format!("{} ", line.kind().word())).c(key).t(" removed"),
        };
        self.emit(Class::Breaking, What::Removed, line, None, reason);
    }

    fn added(&mut self, line: &Line) {
        if self.owner_replaced(line) {
            return;
        }
        let key = line.key();
        let (class, reason) = match line {
            Line::Param { owner, name, .. } if self.required(false, owner, name) => return,
            Line::Param { name, ty, .. } => (
                Class::Compatible,
                r("new optional parameter ")
                    .c(format!("{key}: {ty}"))
                    .t(", set with ")
                    .c(format!(".{name}(…)")),
            ),
            Line::Field { ty, .. } => {
                (Class::Compatible, r("new field ").c(format!("{key}: {ty}")))
            }
            Line::Variant { wire, .. } => (
                Class::Compatible,
                r("new variant ")
                    .c(key)
                    .t(" for ")
                    .c(quoted(wire))
                    .t(", which read as ")
                    .c(format!("Unknown({})", quoted(wire)))
                    .t(" before"),
            ),
            Line::Alternative {
                owner,
                when: chosen,
                ..
            } => {
                let tagged = matches!(
                    self.new.get(owner.as_str()),
                    Some(Line::Union { tag: Some(_), .. })
                );
                let reason = when(r("new variant ").c(key).t(", chosen "), chosen);
                if tagged {
                    (Class::Compatible, reason)
                } else {
                    (
                        Class::Breaking,
                        reason.t(": a body that read as another variant may read as this one"),
                    )
                }
            }
            Line::Stub {
                method, template, ..
            } => (
                Class::Compatible,
                r("new stub ")
                    .c(key)
                    .t(" for ")
                    .c(format!("{method} {template}")),
            ),
            Line::Replay { .. } => (Class::Compatible, r("stubs now derive ").c("Deserialize")),
            Line::ModuleFeatures => (
                Class::Breaking,
                r("each module is now behind the cargo feature of its name: code built without it loses the module"),
            ),
            _ => (
                Class::Compatible,
                r(format!("new {} ", line.kind().word())).c(key),
            ),
        };
        self.emit(class, What::Added, line, None, reason);
    }

    /// Reports one change of `old` to `now`.
    fn report(&mut self, class: Class, old: &Line, now: &Line, reason: Reason) {
        self.emit(class, What::Changed, old, Some(now), reason);
    }

    fn changed(&mut self, old: &Line, now: &Line) {
        let key = now.key();
        let what = format!("{} ", now.kind().word());
        match (old, now) {
            (Line::Const { value: a, .. }, Line::Const { value: b, .. }) => {
                let reason = r(what)
                    .c(key)
                    .t(" changed from ")
                    .c(quoted(a))
                    .t(" to ")
                    .c(quoted(b));
                self.report(Class::Breaking, old, now, reason);
            }
            (Line::Use { target: a, .. }, Line::Use { target: b, .. }) => {
                let reason = r(what)
                    .c(key)
                    .t(" now names ")
                    .c(b.clone())
                    .t(" instead of ")
                    .c(a.clone());
                self.report(Class::Breaking, old, now, reason);
            }
            (Line::Sid { form: a, .. }, Line::Sid { form: b, .. }) => {
                let (class, how) = if accepts_all(b, a) {
                    (Class::Compatible, " now also accepts more: ")
                } else {
                    (Class::Breaking, " now accepts ")
                };
                let reason = r(what)
                    .c(key)
                    .t(how)
                    .c(pattern(b))
                    .t(" instead of ")
                    .c(pattern(a));
                self.report(class, old, now, reason);
            }
            (
                Line::Struct {
                    module: m1,
                    eq: e1,
                    list: l1,
                    attrs: a1,
                    ..
                },
                Line::Struct {
                    module: m2,
                    eq: e2,
                    list: l2,
                    attrs: a2,
                    ..
                },
            ) => {
                self.module(old, now, m1, m2);
                self.eq(old, now, *e1, *e2);
                self.list(old, now, l1.as_ref(), l2.as_ref());
                self.attrs(old, now, a1, a2);
            }
            (
                Line::Enum {
                    module: m1,
                    attrs: a1,
                    ..
                },
                Line::Enum {
                    module: m2,
                    attrs: a2,
                    ..
                },
            ) => {
                self.module(old, now, m1, m2);
                self.attrs(old, now, a1, a2);
            }
            (
                Line::Union {
                    module: m1,
                    tag: t1,
                    eq: e1,
                    list: l1,
                    attrs: a1,
                    ..
                },
                Line::Union {
                    module: m2,
                    tag: t2,
                    eq: e2,
                    list: l2,
                    attrs: a2,
                    ..
                },
            ) => {
                self.module(old, now, m1, m2);
                if t1 != t2 {
                    let tell = |t: &Option<String>| match t {
                        Some(tag) => format!("by the field {}", quoted(tag)),
                        None => "by the fields each variant requires".to_string(),
                    };
                    let reason = r(what.clone()).c(key.clone()).t(format!(
                        " is now told apart {} instead of {}",
                        tell(t2),
                        tell(t1)
                    ));
                    self.report(Class::Breaking, old, now, reason);
                }
                self.eq(old, now, *e1, *e2);
                self.list(old, now, l1.as_ref(), l2.as_ref());
                self.attrs(old, now, a1, a2);
            }
            (
                Line::Stub {
                    module: m1,
                    method: x1,
                    template: p1,
                    response: r1,
                    statuses: s1,
                    none: n1,
                    default: d1,
                    eq: e1,
                    attrs: a1,
                    ..
                },
                Line::Stub {
                    module: m2,
                    method: x2,
                    template: p2,
                    response: r2,
                    statuses: s2,
                    none: n2,
                    default: d2,
                    eq: e2,
                    attrs: a2,
                    ..
                },
            ) => {
                self.module(old, now, m1, m2);
                if x1 != x2 || p1 != p2 {
                    let reason = r(what.clone())
                        .c(key.clone())
                        .t(" now sends ")
                        .c(format!("{x2} {p2}"))
                        .t(" instead of ")
                        .c(format!("{x1} {p1}"));
                    self.report(Class::Breaking, old, now, reason);
                }
                if r1 != r2 {
                    let reason = r(what.clone())
                        .c(key.clone())
                        .t(" now answers with ")
                        .c(r2.clone())
                        .t(" instead of ")
                        .c(r1.clone());
                    self.report(Class::Breaking, old, now, reason);
                }
                self.statuses(old, now, (s1, n1), (s2, n2), r1 != r2);
                self.implements(old, now, "Default", *d1, *d2);
                self.eq(old, now, *e1, *e2);
                self.attrs(old, now, a1, a2);
            }
            (
                Line::Field {
                    ty: t1,
                    wire: w1,
                    redacted: r1,
                    ..
                },
                Line::Field {
                    ty: t2,
                    wire: w2,
                    redacted: r2,
                    ..
                },
            ) => {
                if t1 != t2 {
                    let reason = r(what.clone())
                        .c(key.clone())
                        .t(" changed from ")
                        .c(t1.clone())
                        .t(" to ")
                        .c(t2.clone());
                    self.report(Class::Breaking, old, now, reason);
                }
                if w1 != w2 {
                    let reason = r(what.clone())
                        .c(key.clone())
                        .t(" is now read from and written to ")
                        .c(quoted(w2))
                        .t(" instead of ")
                        .c(quoted(w1));
                    self.report(Class::Breaking, old, now, reason);
                }
                self.redacted(old, now, *r1, *r2);
            }
            (Line::Variant { wire: a, .. }, Line::Variant { wire: b, .. }) => {
                let reason = r(what)
                    .c(key)
                    .t(" now stands for ")
                    .c(quoted(b))
                    .t(" instead of ")
                    .c(quoted(a));
                self.report(Class::Breaking, old, now, reason);
            }
            (
                Line::Alternative {
                    ty: t1, when: w1, ..
                },
                Line::Alternative {
                    ty: t2, when: w2, ..
                },
            ) => {
                if t1 != t2 {
                    let reason = r(what.clone())
                        .c(key.clone())
                        .t(" now holds ")
                        .c(t2.clone())
                        .t(" instead of ")
                        .c(t1.clone());
                    self.report(Class::Breaking, old, now, reason);
                }
                if w1 != w2 {
                    let reason = when(r(what).c(key).t(" is now chosen "), w2);
                    let reason = when(reason.t(", not "), w1);
                    self.report(Class::Breaking, old, now, reason);
                }
            }
            (Line::New { owner, args: a1 }, Line::New { args: a2, .. }) => {
                self.constructor(old, now, owner, a1, a2);
            }
            (
                Line::Param {
                    owner,
                    name,
                    ty: t1,
                    location: l1,
                    wire: w1,
                    range: g1,
                    redacted: r1,
                },
                Line::Param {
                    ty: t2,
                    location: l2,
                    wire: w2,
                    range: g2,
                    redacted: r2,
                    ..
                },
            ) => {
                let was = self.required(true, owner, name);
                let is = self.required(false, owner, name);
                // Between required and optional, `new` tells the change;
                // the value's type is what may have changed besides.
                let value = |ty: &str, required: bool| -> String {
                    if required {
                        ty.to_string()
                    } else {
                        ty.strip_prefix("Option<")
                            .and_then(|t| t.strip_suffix('>'))
                            .unwrap_or(ty)
                            .to_string()
                    }
                };
                // A required parameter's type is its argument's in `new`,
                // which says it.
                let argument = was && is;
                if !argument && (value(t1, was) != value(t2, is) || (was == is && t1 != t2)) {
                    let reason = r(what.clone())
                        .c(key.clone())
                        .t(" changed from ")
                        .c(t1.clone())
                        .t(" to ")
                        .c(t2.clone());
                    self.report(Class::Breaking, old, now, reason);
                }
                if l1 != l2 || w1 != w2 {
                    let reason = r(what.clone())
                        .c(key.clone())
                        .t(format!(" is now sent as the {} ", place(l2)))
                        .c(quoted(w2))
                        .t(format!(" instead of the {} ", place(l1)))
                        .c(quoted(w1));
                    self.report(Class::Breaking, old, now, reason);
                }
                if g1 != g2 {
                    let shown = |g: &Option<(Option<i64>, Option<i64>)>| match g {
                        Some(range) => range_text(*range),
                        None => "..".to_string(),
                    };
                    let class = if widens(*g1, *g2) {
                        Class::Compatible
                    } else {
                        Class::Breaking
                    };
                    let reason = r(what)
                        .c(key)
                        .t(" now accepts ")
                        .c(shown(g2))
                        .t(" instead of ")
                        .c(shown(g1));
                    self.report(class, old, now, reason);
                }
                self.redacted(old, now, *r1, *r2);
            }
            (Line::Replay { feature: a }, Line::Replay { feature: b }) => {
                let when = |f: &Option<String>| match f {
                    Some(name) => format!("with the feature {}", quoted(name)),
                    None => "always".to_string(),
                };
                let class = if b.is_none() {
                    Class::Compatible
                } else {
                    Class::Breaking
                };
                let reason = r("stubs derive ").c("Deserialize").t(format!(
                    " {} instead of {}",
                    when(b),
                    when(a)
                ));
                self.report(class, old, now, reason);
            }
            _ => {}
        }
    }

    /// The declared success statuses of a stub: those whose body is read,
    /// and those read as `None`. Every 2xx is success whatever is declared;
    /// a status outside 2xx (a redirect with a body) only when declared.
    fn statuses(
        &mut self,
        old: &Line,
        now: &Line,
        (s1, n1): (&[u16], &[u16]),
        (s2, n2): (&[u16], &[u16]),
        response_changed: bool,
    ) {
        let key = now.key();
        let what = format!("{} ", now.kind().word());
        let listed = |list: &[u16]| {
            let list: Vec<String> = list.iter().map(u16::to_string).collect();
            list.join("|")
        };
        let outside = |s: &&u16| !(200..300).contains(*s);
        let gone: Vec<u16> = s1
            .iter()
            .chain(n1)
            .filter(outside)
            .filter(|s| !s2.contains(s) && !n2.contains(s))
            .copied()
            .collect();
        if !gone.is_empty() {
            let reason = r(what.clone())
                .c(key.clone())
                .t(format!(" no longer takes {} as success", statuses(&gone)));
            self.report(Class::Breaking, old, now, reason);
        } else if s1 != s2 {
            let reason = r(what.clone())
                .c(key.clone())
                .t(" declares ")
                .c(listed(s2))
                .t(" instead of ")
                .c(listed(s1))
                .t(": every 2xx is success either way");
            self.report(Class::Compatible, old, now, reason);
        }
        // Between a body and an `Option` of it, the response type says it.
        if n1 != n2 && !n1.is_empty() && !n2.is_empty() && !response_changed {
            let reason = r(what)
                .c(key)
                .t(" answers ")
                .c("None")
                .t(" on ")
                .c(listed(n2))
                .t(" instead of ")
                .c(listed(n1));
            self.report(Class::Breaking, old, now, reason);
        }
    }

    fn module(&mut self, old: &Line, now: &Line, a: &str, b: &str) {
        if a != b {
            let key = now.key();
            let name = key.rsplit("::").next().unwrap_or_default();
            let reason = r(format!("{} ", now.kind().word()))
                .c(key.clone())
                .t(" moved from module ")
                .c(a)
                .t(" to ")
                .c(b)
                .t(": ")
                .c(format!("{a}::{name}"))
                .t(" no longer exists");
            self.report(Class::Breaking, old, now, reason);
        }
    }

    fn implements(&mut self, old: &Line, now: &Line, name: &str, was: bool, is: bool) {
        if was == is {
            return;
        }
        let key = now.key();
        let (class, how) = if is {
            (Class::Compatible, " now implements ")
        } else {
            (Class::Breaking, " no longer implements ")
        };
        let reason = r(format!("{} ", now.kind().word())).c(key).t(how).c(name);
        self.report(class, old, now, reason);
    }

    fn eq(&mut self, old: &Line, now: &Line, was: bool, is: bool) {
        self.implements(old, now, "Eq", was, is);
    }

    fn list(&mut self, old: &Line, now: &Line, a: Option<&String>, b: Option<&String>) {
        let key = now.key();
        let what = format!("{} ", now.kind().word());
        match (a, b) {
            (Some(a), Some(b)) if a != b => {
                let reason = r(what)
                    .c(key)
                    .t(" is read from pages under ")
                    .c(quoted(b))
                    .t(" instead of ")
                    .c(quoted(a));
                self.report(Class::Breaking, old, now, reason);
            }
            (None, Some(_)) => self.implements(old, now, "ListItem", false, true),
            (Some(_), None) => self.implements(old, now, "ListItem", true, false),
            _ => {}
        }
    }

    fn attrs(&mut self, old: &Line, now: &Line, a: &[String], b: &[String]) {
        let key = now.key();
        let what = format!("{} ", now.kind().word());
        for gone in a.iter().filter(|x| !b.contains(x)) {
            let reason = r(what.clone())
                .c(key.clone())
                .t(" no longer has ")
                .c(gone.clone());
            self.report(Class::Breaking, old, now, reason);
        }
        for more in b.iter().filter(|x| !a.contains(x)) {
            let reason = r(what.clone())
                .c(key.clone())
                .t(" now has ")
                .c(more.clone());
            self.report(Class::Compatible, old, now, reason);
        }
    }

    fn redacted(&mut self, old: &Line, now: &Line, was: bool, is: bool) {
        if was != is {
            let how = if is { " is now" } else { " is no longer" };
            let reason = r(format!("{} ", now.kind().word()))
                .c(now.key())
                .t(how)
                .t(" shown as ")
                .c("<redacted>")
                .t(" in ")
                .c("Debug")
                .t(" output");
            self.report(Class::Compatible, old, now, reason);
        }
    }

    /// The arguments of `new`: each one added, removed or retyped, then
    /// their order.
    fn constructor(
        &mut self,
        old: &Line,
        now: &Line,
        owner: &str,
        a: &[(String, String)],
        b: &[(String, String)],
    ) {
        let new_fn = format!("{owner}::new");
        let type_of = |args: &[(String, String)], name: &str| {
            args.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone())
        };
        for (name, ty) in b {
            match type_of(a, name) {
                None => {
                    let was_optional = self.old.contains_key(&format!("{owner}.{name}"));
                    let mut reason = r("")
                        .c(new_fn.clone())
                        .t(" takes a new required argument ")
                        .c(format!("{name}: {ty}"));
                    if was_optional {
                        reason = reason.t(": the parameter was optional");
                    }
                    self.report(Class::Breaking, old, now, reason);
                }
                Some(was) if &was != ty => {
                    let reason = r("")
                        .c(new_fn.clone())
                        .t(" takes ")
                        .c(name.clone())
                        .t(" as ")
                        .c(ty.clone())
                        .t(" instead of ")
                        .c(was);
                    self.report(Class::Breaking, old, now, reason);
                }
                Some(_) => {}
            }
        }
        for (name, _) in a.iter().filter(|(n, _)| type_of(b, n).is_none()) {
            let still = self.new.contains_key(&format!("{owner}.{name}"));
            let mut reason = r("")
                .c(new_fn.clone())
                .t(" no longer takes ")
                .c(name.clone());
            reason = if still {
                reason
                    .t(": it is optional now, set with ")
                    .c(format!(".{name}(…)"))
            } else {
                reason.t(": the parameter was removed")
            };
            self.report(Class::Breaking, old, now, reason);
        }
        let order = |args: &[(String, String)], other: &[(String, String)]| -> Vec<String> {
            args.iter()
                .filter(|(n, _)| type_of(other, n).is_some())
                .map(|(n, _)| n.clone())
                .collect()
        };
        let (was, is) = (order(a, b), order(b, a));
        if was != is {
            let reason = r("")
                .c(new_fn)
                .t(" takes its arguments in another order: ")
                .c(format!("({})", is.join(", ")))
                .t(" instead of ")
                .c(format!("({})", was.join(", ")));
            self.report(Class::Breaking, old, now, reason);
        }
    }
}

fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

fn statuses(list: &[u16]) -> String {
    match list {
        [one] => format!("status {one}"),
        many => {
            let many: Vec<String> = many.iter().map(u16::to_string).collect();
            format!("statuses {}", many.join(", "))
        }
    }
}

/// How the listing's location word reads in a sentence.
fn place(location: &str) -> &'static str {
    match location {
        "path" => "path parameter",
        "query" => "query parameter",
        "header" => "header",
        "form" => "form field",
        "json" => "JSON field",
        _ => "JSON body",
    }
}

/// `reason`, then when a union's variant is chosen.
fn when(reason: Reason, when: &When) -> Reason {
    match when {
        When::Tag(value) => reason.t("when the tag is ").c(quoted(value)),
        When::Has(fields) => {
            let fields: Vec<String> = fields.iter().map(|f| quoted(f)).collect();
            reason.t("when the body has ").c(fields.join(", "))
        }
        When::Fallback => reason.t("when no other variant fits"),
    }
}

/// Whether the bounds `b` accept every value `a` accepts.
fn widens(a: Option<(Option<i64>, Option<i64>)>, b: Option<(Option<i64>, Option<i64>)>) -> bool {
    let (a_lo, a_hi) = a.unwrap_or((None, None));
    let (b_lo, b_hi) = b.unwrap_or((None, None));
    let lo = match (a_lo, b_lo) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => b <= a,
    };
    let hi = match (a_hi, b_hi) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => b >= a,
    };
    lo && hi
}

/// Whether every SID of form `narrow` is also one of `wide`.
fn accepts_all(wide: &SidForm, narrow: &SidForm) -> bool {
    let upper = |p: &str| p.chars().all(|c| c.is_ascii_uppercase());
    let letters = |p: &str| p.chars().all(|c| c.is_ascii_alphabetic());
    let prefix = match (&wide.prefix, &narrow.prefix) {
        (SidPrefix::Letters, SidPrefix::Exact(n)) => n.iter().all(|p| letters(p)),
        (SidPrefix::Letters, _) => true,
        (SidPrefix::Uppercase, SidPrefix::Uppercase) => true,
        (SidPrefix::Uppercase, SidPrefix::Exact(n)) => n.iter().all(|p| upper(p)),
        (SidPrefix::Exact(w), SidPrefix::Exact(n)) => n.iter().all(|p| w.contains(p)),
        _ => false,
    };
    let body = matches!(
        (wide.body, narrow.body),
        (SidBody::Alphanumeric, _)
            | (SidBody::Hex, SidBody::Hex | SidBody::LowerHex)
            | (SidBody::LowerHex, SidBody::LowerHex)
    );
    prefix && body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_name_their_modules() {
        assert_eq!(module_of(Path::new("v2/user.rs")), "v2::user");
        assert_eq!(module_of(Path::new("v2/mod.rs")), "v2");
        assert_eq!(module_of(Path::new("sids.rs")), "sids");
        assert_eq!(module_of(Path::new("mod.rs")), "");
    }

    #[test]
    fn bounds_widen_only_when_every_old_value_is_still_accepted() {
        assert!(widens(Some((Some(1), Some(100))), Some((Some(0), None))));
        assert!(widens(Some((Some(1), Some(100))), None));
        assert!(!widens(None, Some((Some(1), None))));
        assert!(!widens(
            Some((Some(1), Some(100))),
            Some((Some(1), Some(50)))
        ));
    }

    #[test]
    fn sid_forms_include_narrower_ones() {
        let form = |prefix: SidPrefix, body: SidBody| SidForm { prefix, body };
        let us = form(SidPrefix::Exact(vec!["US".into()]), SidBody::Hex);
        let us_ut = form(
            SidPrefix::Exact(vec!["US".into(), "UT".into()]),
            SidBody::Hex,
        );
        assert!(accepts_all(&us_ut, &us));
        assert!(!accepts_all(&us, &us_ut));
        assert!(accepts_all(
            &form(SidPrefix::Uppercase, SidBody::Alphanumeric),
            &us
        ));
        assert!(!accepts_all(
            &form(SidPrefix::Exact(vec!["US".into()]), SidBody::LowerHex),
            &us
        ));
    }
}
