//! A report in three formats: text for a terminal, Markdown for a pull
//! request comment, JSON for tools.

use std::fmt;

use super::{Change, Changes, Class, Piece};

/// Headings of the classes, in the report's order.
const CLASSES: [(Class, &str); 3] = [
    (Class::Breaking, "Breaking"),
    (Class::Compatible, "Compatible"),
    (Class::Docs, "Docs only"),
];

/// Markdown lists longer than this are folded.
const OPEN_ITEMS: usize = 30;

impl Changes {
    /// One line of counts: `2 breaking, 5 compatible, 1 docs only`, or
    /// `no change`.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return "no change".to_string();
        }
        let counts: Vec<String> = CLASSES
            .iter()
            .map(|&(class, _)| (class, self.count(class)))
            .filter(|&(_, n)| n > 0)
            .map(|(class, n)| match class {
                Class::Docs => format!("{n} docs only"),
                other => format!("{n} {}", other.as_str()),
            })
            .collect();
        counts.join(", ")
    }

    /// The report as Markdown, for a pull request comment: the counts as a
    /// heading, then a list per class. Long lists, and docs-only changes,
    /// are folded.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("### API changes: {}\n", self.summary());
        for (class, heading) in CLASSES {
            let items: Vec<&Change> = self.iter().filter(|c| c.class == class).collect();
            if items.is_empty() {
                continue;
            }
            let fold =
                class == Class::Docs || (class != Class::Breaking && items.len() > OPEN_ITEMS);
            if fold {
                out.push_str(&format!(
                    "\n<details><summary>{heading} ({})</summary>\n\n",
                    items.len()
                ));
            } else {
                out.push_str(&format!("\n**{heading}** ({})\n\n", items.len()));
            }
            for change in items {
                out.push_str("- ");
                out.push_str(&markdown(change));
                out.push('\n');
            }
            if fold {
                out.push_str("\n</details>\n");
            }
        }
        out
    }

    /// The report as JSON: the counts, then every change with its class,
    /// item, kind, what happened, the reason, and the old and new lines of
    /// the listing.
    pub fn to_json(&self) -> String {
        let changes: Vec<serde_json::Value> = self
            .iter()
            .map(|c| {
                serde_json::json!({
                    "class": c.class.as_str(),
                    "item": c.item,
                    "kind": c.kind(),
                    "change": c.change(),
                    "reason": c.reason(),
                    "old": c.old,
                    "new": c.new,
                })
            })
            .collect();
        let report = serde_json::json!({
            "breaking": self.count(Class::Breaking),
            "compatible": self.count(Class::Compatible),
            "docs": self.count(Class::Docs),
            "changes": changes,
        });
        let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The report as text, for a terminal: the counts, then one line per change
/// under its class.
impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "API changes: {}", self.summary())?;
        for (class, heading) in CLASSES {
            let mut items = self.iter().filter(|c| c.class == class).peekable();
            if items.peek().is_none() {
                continue;
            }
            writeln!(f, "{heading}:")?;
            for change in items {
                writeln!(f, "  {}", change.reason())?;
            }
        }
        Ok(())
    }
}

fn markdown(change: &Change) -> String {
    change
        .reason
        .0
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => escape(text),
            Piece::Code(code) => crate::model::code(code),
        })
        .collect()
}

/// Prose with the characters Markdown would read as markup escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
