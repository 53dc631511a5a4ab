//! Stage 4: format tokens as Rust source, with the `@generated` header.

use proc_macro2::TokenStream;

use crate::error::{Error, Result};
use crate::options::{Options, Replay};
use crate::write::HEADER;

/// Formats one file: parse, pretty-print, and put `header` (see [`header`])
/// on top.
pub fn format(file: &str, header: &str, tokens: TokenStream) -> Result<String> {
    let syntax: syn::File = syn::parse2(tokens).map_err(|e| Error::Format {
        file: file.to_string(),
        message: e.to_string(),
    })?;
    let body = prettyplease::unparse(&syntax);
    Ok(format!(
        "{header}{}",
        allow_long_functions(&space_items(&body))
    ))
}

/// The same file for the compiler only: the tokens as they are, one line,
/// under the same header. Nothing is parsed again, so this is much faster
/// than [`format`].
pub fn compact(header: &str, tokens: &TokenStream) -> String {
    format!("{header}{tokens}\n")
}

/// The `@generated` header: what the file was generated from (`source`) and
/// the command that generates it again, with the options that change the
/// code and have a flag of their own.
pub fn header(source: &str, options: &Options) -> String {
    let flags = match &options.replay {
        Replay::On => " -- --replay".to_string(),
        Replay::Feature(name) => format!(" -- --replay-feature {name}"),
        _ => String::new(),
    };
    format!(
        "{HEADER} from {source}. Do not edit by hand:\n\
         // change the spec or the generator, then run\n\
         // `cargo run -p twilio-codegen --bin regenerate{flags}`.\n\n"
    )
}

/// The most lines of code a function body may have before
/// `clippy::too_many_lines` (a pedantic lint) warns.
const LONG_FUNCTION: usize = 100;

/// Puts `#[allow(clippy::too_many_lines)]`, with its reason, on each function
/// whose body is longer than [`LONG_FUNCTION`] lines as formatted. Generated
/// functions write one statement per field, parameter or value, so their
/// length follows the spec; splitting them would not make them easier to
/// read. Only how long a function is once formatted decides, so the lint
/// stays on for every other function.
fn allow_long_functions(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut long = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let indent = line.len() - code.len();
        let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn "]
            .iter()
            .any(|prefix| code.starts_with(prefix));
        if !is_fn {
            continue;
        }
        // The body opens on the line that ends the signature and closes on
        // the first line after it holding only `}` at the same indentation.
        let Some(open) = (start..lines.len()).find(|&i| {
            lines[i].ends_with('{') || lines[i].ends_with(';') || lines[i].ends_with('}')
        }) else {
            continue;
        };
        if !lines[open].ends_with('{') {
            continue;
        }
        let Some(close) = (open + 1..lines.len())
            .find(|&i| lines[i].len() == indent + 1 && lines[i].trim() == "}")
        else {
            continue;
        };
        let code_lines = lines[open + 1..close]
            .iter()
            .filter(|l| {
                let l = l.trim();
                !l.is_empty() && !l.starts_with("//")
            })
            .count();
        // Text formatted again (as the pipeline bench does) has it already.
        let allowed = lines[start.saturating_sub(3)..start]
            .iter()
            .any(|l| l.contains("clippy::too_many_lines"));
        if code_lines > LONG_FUNCTION && !allowed {
            long.push((start, indent));
        }
    }
    if long.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + long.len() * 120);
    let mut next = long.iter().peekable();
    for (i, line) in lines.iter().enumerate() {
        if let Some(&(_, indent)) = next.next_if(|(start, _)| *start == i) {
            // As prettyplease prints an attribute that does not fit a line.
            let pad = " ".repeat(indent);
            out.push_str(&format!(
                "{pad}#[allow(\n\
                 {pad}    clippy::too_many_lines,\n\
                 {pad}    reason = \"one statement per field, parameter or value of the spec\"\n\
                 {pad})]\n"
            ));
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// prettyplease puts no blank line between top-level items; add one before
/// each item that starts at column zero (after its doc comment and attributes),
/// which makes the files and their diffs easier to read.
fn space_items(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + body.len() / 16);
    let mut previous_closed = false;
    for line in body.lines() {
        let top_level = !line.starts_with(' ') && !line.is_empty();
        let attribute = line.starts_with("//") || line.starts_with('#');
        let opens = top_level && !line.starts_with('}');
        let closes = top_level
            && !attribute
            && (line.starts_with('}') || line.ends_with(';') || line.ends_with('}'));
        if opens && previous_closed {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        if top_level {
            previous_closed = closes;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_functions_longer_than_the_lint_allows_get_the_allow() {
        let function = |name: &str, statements: usize| {
            let body = "        a();\n".repeat(statements);
            format!("    fn {name}(\n        &self,\n    ) {{\n{body}    }}\n")
        };
        let text = format!(
            "impl X {{\n{}{}    #[must_use]\n{}}}\n",
            function("short", LONG_FUNCTION),
            function("one_liner", 0).replace("(\n        &self,\n    ) {\n    }", "() {}"),
            function("long", LONG_FUNCTION + 1).replace("fn long", "pub fn long"),
        );
        let allowed = allow_long_functions(&text);
        let allow = allowed
            .lines()
            .position(|l| l == "    #[allow(")
            .expect("the long function is allowed");
        assert_eq!(allowed.matches("too_many_lines").count(), 1);
        // Right above the function, after its other attributes.
        let lines: Vec<&str> = allowed.lines().collect();
        assert_eq!(lines[allow - 1], "    #[must_use]");
        assert_eq!(lines[allow + 1], "        clippy::too_many_lines,");
        assert_eq!(lines[allow + 3], "    )]");
        assert_eq!(lines[allow + 4], "    pub fn long(");
        // The attribute is Rust, printed as prettyplease prints it, and said
        // once when the text is formatted again.
        let again = prettyplease::unparse(&syn::parse_file(&allowed).expect("still Rust"));
        assert_eq!(allow_long_functions(&again), again);
        assert_eq!(again.matches("too_many_lines").count(), 1);
    }

    #[test]
    fn items_are_separated_by_blank_lines() {
        let spaced =
            space_items("struct A;\n/// b;\npub struct B {\n    x: u8,\n}\nimpl B {}\nstruct C;\n");
        assert_eq!(
            spaced,
            "struct A;\n\n/// b;\npub struct B {\n    x: u8,\n}\n\nimpl B {}\n\nstruct C;\n"
        );
    }
}
