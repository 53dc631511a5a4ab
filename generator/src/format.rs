//! Stage 4: format tokens as Rust source, with the `@generated` header.

use proc_macro2::TokenStream;

use crate::error::{Error, Result};
use crate::write::HEADER;

/// Formats one file: parse, pretty-print, and put the `@generated` header on
/// top. `source` names what the file was generated from.
pub fn format(file: &str, source: &str, tokens: TokenStream) -> Result<String> {
    let syntax: syn::File = syn::parse2(tokens).map_err(|e| Error::Format {
        file: file.to_string(),
        message: e.to_string(),
    })?;
    let body = prettyplease::unparse(&syntax);
    Ok(format!(
        "{HEADER} from {source}. Do not edit by hand:\n\
         // change the spec or the generator, then run\n\
         // `cargo run -p twilio-codegen --bin regenerate`.\n\n{}",
        space_items(&body)
    ))
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
    fn items_are_separated_by_blank_lines() {
        let spaced =
            space_items("struct A;\n/// b;\npub struct B {\n    x: u8,\n}\nimpl B {}\nstruct C;\n");
        assert_eq!(
            spaced,
            "struct A;\n\n/// b;\npub struct B {\n    x: u8,\n}\n\nimpl B {}\n\nstruct C;\n"
        );
    }
}
