//! ARCHITECTURE.md against the generator's sources: every file of
//! `generator/src` is named in its list of rooms and every file named there
//! exists, and the modules import only the stages above them (no import
//! circle, no room reaching down the pipeline).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The repository's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

/// The section of ARCHITECTURE.md that lists the generator's rooms: from
/// its heading to the next one of the same level.
fn rooms_section() -> String {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let start = text
        .find("\n## The generator's rooms")
        .expect("ARCHITECTURE.md has a section \"The generator's rooms\"");
    let rest = &text[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    rest[..end].to_string()
}

/// The code spans of `markdown` that name a path, in order: a Rust file
/// (`load/guard.rs`) or a folder (`emit/`).
fn paths(markdown: &str) -> impl Iterator<Item = &str> {
    markdown.split('`').skip(1).step_by(2).filter(|span| {
        (span.ends_with(".rs") || span.ends_with('/'))
            && span
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '/' || c == '.')
    })
}

/// The code spans of `markdown` that name a Rust file (`load/guard.rs`).
fn named_files(markdown: &str) -> BTreeSet<String> {
    paths(markdown)
        .filter(|p| p.ends_with(".rs"))
        .map(str::to_string)
        .collect()
}

/// Every `.rs` file below `dir`, relative to it, with `/` between folders.
fn rust_files(dir: &Path) -> BTreeSet<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeSet<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("a readable folder")
            .map(|e| e.expect("a readable entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                walk(&path, &format!("{prefix}{name}/"), out);
            } else if name.ends_with(".rs") {
                out.insert(format!("{prefix}{name}"));
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, "", &mut out);
    out
}

#[test]
fn every_source_file_of_the_generator_is_named_and_every_named_file_exists() {
    let named = named_files(&rooms_section());
    let files = rust_files(&root().join("generator/src"));
    let unnamed: Vec<&String> = files.difference(&named).collect();
    let gone: Vec<&String> = named.difference(&files).collect();
    assert!(
        unnamed.is_empty() && gone.is_empty(),
        "ARCHITECTURE.md's \"The generator's rooms\" is out of date:\n\
         files of generator/src it does not name: {unnamed:?}\n\
         files it names that generator/src does not have: {gone:?}"
    );
}

/// The code of a source file without its comments and its test module.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a readable source file");
    let text = text
        .split("#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or_default();
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first identifier of each path that starts with `prefix` in `code`:
/// `crate::model::Type` and `use crate::{emit, model::Api}` give `model`
/// and `emit`.
fn roots_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices(prefix) {
        let before = code[..i].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The paths of the group, split at its own commas only.
            let mut depth = 0;
            let mut start = 0;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.insert(ident(&group[start..j]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(ident(&group[start..j]));
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The items `lib.rs` re-exports, by name → the module they come from.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in lib.lines() {
        let Some(path) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let path = path.trim_end_matches(';');
        let Some((module, items)) = path.split_once("::") else {
            continue;
        };
        let items = items.rsplit("::").next().unwrap_or(items);
        let items = items.trim_start_matches('{').trim_end_matches('}');
        for item in items.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            out.insert(item.to_string(), module.to_string());
        }
    }
    out
}

/// The crate-level module of a file of `generator/src` (`model/lower/x.rs`
/// → `model`, `format.rs` → `format`).
fn module_of(path: &str) -> String {
    let first = path.split('/').next().unwrap_or(path);
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn each_module_imports_only_the_stages_above_it() {
    let src = root().join("generator/src");
    // The stages in the order the rooms table lists them.
    let mut order: Vec<String> = Vec::new();
    let section = rooms_section();
    let table = section.split("\n### ").next().unwrap_or_default();
    for line in table.lines().filter(|l| l.starts_with('|')) {
        for path in paths(line) {
            let module = module_of(path);
            if !order.contains(&module) {
                order.push(module);
            }
        }
    }
    let rank = |module: &str| order.iter().position(|m| m == module);
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let reexports = reexports(&lib);
    let mut wrong = Vec::new();
    for file in rust_files(&src) {
        let module = module_of(&file);
        if file.starts_with("bin/") || module == "lib" || file.ends_with("tests.rs") {
            continue;
        }
        let own =
            rank(&module).unwrap_or_else(|| panic!("{file}: its stage is not in the rooms table"));
        for used in roots_after(&code(&src.join(&file)), "crate::") {
            let used = reexports.get(&used).cloned().unwrap_or(used);
            if used == module {
                continue;
            }
            match rank(&used) {
                Some(r) if r < own => {}
                _ => wrong.push(format!(
                    "{file} uses `crate::{used}`, which is not above `{module}`"
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the pipeline's order:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_rooms_of_a_stage_import_each_other_without_a_circle() {
    let src = root().join("generator/src");
    let files = rust_files(&src);
    // Folder → room (file stem) → the sibling rooms it uses through `super::`.
    let mut graphs: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        let Some((folder, name)) = file.rsplit_once('/') else {
            continue;
        };
        if name == "mod.rs" || name == "tests.rs" {
            continue;
        }
        let siblings: BTreeSet<String> = files
            .iter()
            .filter_map(|f| f.strip_prefix(&format!("{folder}/")))
            .filter(|f| !f.contains('/') && *f != "mod.rs")
            .map(|f| f.trim_end_matches(".rs").to_string())
            .collect();
        let room = name.trim_end_matches(".rs").to_string();
        let uses: BTreeSet<String> = roots_after(&code(&src.join(file)), "super::")
            .into_iter()
            .filter(|u| siblings.contains(u) && *u != room)
            .collect();
        graphs
            .entry(folder.to_string())
            .or_default()
            .insert(room, uses);
    }
    for (folder, graph) in &graphs {
        if let Some(circle) = find_circle(graph) {
            panic!(
                "{folder}: the rooms import each other in a circle: {}",
                circle.join(" → ")
            );
        }
    }
}

/// A circle in `graph`, as the rooms along it, if there is one.
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            let mut circle = path[i..].to_vec();
            circle.push(node.to_string());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_checks_find_what_they_look_for() {
    assert_eq!(
        named_files("| `load/guard.rs` | x `format.rs`, `Layout`, `a b.rs` |"),
        ["format.rs", "load/guard.rs"].map(String::from).into()
    );
    assert_eq!(
        roots_after(
            "use crate::{emit::{self, Cx}, model::Api};\nlet x = crate::format::f();",
            "crate::"
        ),
        ["emit", "format", "model"].map(String::from).into()
    );
    let graph: BTreeMap<String, BTreeSet<String>> =
        [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"])]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
            .collect();
    assert_eq!(
        find_circle(&graph),
        Some(["a", "b", "c", "a"].map(String::from).to_vec())
    );
    let mut acyclic = graph.clone();
    acyclic.get_mut("c").unwrap().clear();
    assert_eq!(find_circle(&acyclic), None);
}
