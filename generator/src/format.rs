//! Stage 4: format tokens as Rust source, with the `@generated` header:
//! laid out as rustfmt would (prettyplease, feature `pretty`), or in the
//! compact layout a build script writes.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

#[cfg(feature = "pretty")]
use crate::error::{Error, Result};
use crate::options::{Options, Replay};
use crate::write::HEADER;

/// Formats one file: parse, pretty-print, and put `header` (see [`header`])
/// on top.
///
/// # Errors
///
/// Tokens that are not a Rust file (a bug of the emitters).
#[cfg(feature = "pretty")]
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

/// One file as the options say: pretty-printed, or in the compact layout.
///
/// # Errors
///
/// Tokens that are not a Rust file (a bug of the emitters), found only
/// when pretty-printing.
pub fn file(
    path: &str,
    header: &str,
    tokens: TokenStream,
    options: &Options,
) -> crate::Result<String> {
    #[cfg(feature = "pretty")]
    if options.pretty {
        return format(path, header, tokens);
    }
    let _ = (path, options);
    Ok(compact(header, &tokens))
}

/// The same file in the compact layout, under the same header: the tokens
/// as they are, without parsing them again (so several times faster than
/// pretty-printing, and without syn's full parser or prettyplease), laid
/// out a line per item, attribute, statement, field and match arm, blocks
/// indented. What the compiler and rustdoc read is the same code; an error
/// in it points to a line a person can read.
pub fn compact(header: &str, tokens: &TokenStream) -> String {
    let mut layout = Layout::default();
    layout.stream(tokens.clone(), Context::Block);
    layout.newline();
    format!("{header}{}", allow_long_functions(&layout.out))
}

/// Where a token stream is printed: in a block (a file, or the braces of an
/// item, a function, a struct literal or a match), where items, statements,
/// fields and arms each get a line, or inline (inside parentheses or
/// brackets).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Block,
    Inline,
}

/// A token as the layout sees it, for the space before the next one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// An identifier or a literal, and whether it is a keyword that a
    /// path may follow (`impl ::x`, `&mut ::x`).
    Word(bool),
    /// A punctuation character, whether it joins the next one, and whether
    /// it ends a `::`.
    Punct(char, Spacing, bool),
    /// An opening delimiter.
    Open(char),
    /// A closing delimiter.
    Close,
}

/// The compact layout: a small printer over token trees.
#[derive(Default)]
struct Layout {
    out: String,
    depth: usize,
    /// The last token on the current line; `None` at the start of a line.
    last: Option<Tok>,
}

impl Layout {
    fn newline(&mut self) {
        if self.last.is_some() {
            self.out.push('\n');
            self.last = None;
        }
    }

    /// Writes `text` on the current line, with the space it needs after
    /// what came before.
    fn token(&mut self, text: &str, this: Tok) {
        match self.last {
            None => {
                for _ in 0..self.depth {
                    self.out.push_str("    ");
                }
            }
            Some(last) if space_between(last, this) => self.out.push(' '),
            Some(_) => {}
        }
        self.out.push_str(text);
        self.last = Some(this);
    }

    fn stream(&mut self, tokens: TokenStream, context: Context) {
        let mut tokens = tokens.into_iter().peekable();
        // Inside `<…>` of generics, commas do not end a line.
        let mut angle = 0usize;
        while let Some(token) = tokens.next() {
            match token {
                TokenTree::Ident(ident) => {
                    let text = ident.to_string();
                    let keyword = matches!(
                        text.as_str(),
                        "impl"
                            | "mut"
                            | "dyn"
                            | "as"
                            | "for"
                            | "in"
                            | "return"
                            | "where"
                            | "let"
                            | "use"
                    );
                    self.token(&text, Tok::Word(keyword));
                }
                TokenTree::Literal(literal) => self.token(&literal.to_string(), Tok::Word(false)),
                TokenTree::Punct(punct) => {
                    let c = punct.as_char();
                    let joined = matches!(self.last, Some(Tok::Punct(_, Spacing::Joint, _)));
                    let path =
                        c == ':' && matches!(self.last, Some(Tok::Punct(':', Spacing::Joint, _)));
                    // `<=`, `<<`: not an opening angle bracket.
                    let operator = punct.spacing() == Spacing::Joint
                        && matches!(tokens.peek(), Some(TokenTree::Punct(p)) if matches!(p.as_char(), '=' | '<'));
                    match c {
                        '<' if !joined && !operator => angle += 1,
                        '>' if !joined => angle = angle.saturating_sub(1),
                        '>' if matches!(self.last, Some(Tok::Punct('>', Spacing::Joint, _))) => {
                            angle = angle.saturating_sub(1);
                        }
                        _ => {}
                    }
                    let mut buf = [0u8; 4];
                    self.token(
                        c.encode_utf8(&mut buf),
                        Tok::Punct(c, punct.spacing(), path),
                    );
                    let attribute = c == '#' || (c == '!' && self.out.ends_with("#!"));
                    let next_is_bracket = matches!(
                        tokens.peek(),
                        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket
                    );
                    if attribute && next_is_bracket {
                        // `#[…]`: on a line of its own in a block.
                        if let Some(TokenTree::Group(group)) = tokens.next() {
                            self.group(&group);
                        }
                        if context == Context::Block {
                            self.newline();
                        }
                    } else if context == Context::Block && (c == ';' || (c == ',' && angle == 0)) {
                        self.newline();
                    }
                }
                TokenTree::Group(group) => {
                    self.group(&group);
                    if group.delimiter() == Delimiter::Brace && context == Context::Block {
                        // `},`, `};`, `}.x`, `} else {` stay on the line.
                        let continues = match tokens.peek() {
                            Some(TokenTree::Punct(p)) => {
                                matches!(p.as_char(), ',' | ';' | '.' | '?')
                            }
                            Some(TokenTree::Ident(i)) => i == "else",
                            _ => false,
                        };
                        if !continues {
                            self.newline();
                        }
                    }
                }
            }
        }
    }

    fn group(&mut self, group: &proc_macro2::Group) {
        match group.delimiter() {
            Delimiter::Brace if group.stream().is_empty() => {
                self.token("{", Tok::Open('{'));
                self.out.push('}');
                self.last = Some(Tok::Close);
            }
            Delimiter::Brace => {
                self.token("{", Tok::Open('{'));
                self.newline();
                self.depth += 1;
                self.stream(group.stream(), Context::Block);
                self.depth -= 1;
                self.newline();
                self.token("}", Tok::Close);
            }
            Delimiter::Parenthesis | Delimiter::Bracket => {
                let (open, close) = if group.delimiter() == Delimiter::Parenthesis {
                    ('(', ")")
                } else {
                    ('[', "]")
                };
                let mut buf = [0u8; 4];
                self.token(open.encode_utf8(&mut buf), Tok::Open(open));
                self.stream(group.stream(), Context::Inline);
                self.out.push_str(close);
                self.last = Some(Tok::Close);
            }
            Delimiter::None => self.stream(group.stream(), Context::Inline),
        }
    }
}

/// Whether a space goes between two tokens on a line. Tokens that would
/// run together into another token always get one (two words, two
/// punctuation characters the stream keeps apart); elsewhere the spaces
/// follow the usual style, which only a reader needs.
fn space_between(last: Tok, this: Tok) -> bool {
    match (last, this) {
        // Joined in the stream: `::`, `->`, `=>`, `'a`; and after a `::`
        // (`x::*`, `x::{a, b}`, `x::<T>`), where nothing can run together.
        (Tok::Punct(_, Spacing::Joint, _) | Tok::Punct(':', _, true) | Tok::Open(_), _)
        | (_, Tok::Close) => false,
        (Tok::Word(_), Tok::Word(_)) => true,
        // `&'a`, `<'de>`, `&::x`, `<::x`: no such tokens as `&'`, `<'`,
        // `&:` or `<:`.
        (Tok::Punct('&' | '<', ..), Tok::Punct('\'' | ':', ..)) => false,
        (Tok::Punct(..), Tok::Punct(c, ..)) => !matches!(c, ',' | ';'),
        // `impl ::x::Y`, `&mut ::x`, but `super::x`.
        (Tok::Word(true), Tok::Punct(':', Spacing::Joint, _)) => true,
        (_, Tok::Punct(c, ..)) => match c {
            ',' | ';' | '.' | '?' | ':' | '>' => false,
            '!' | '<' => !matches!(last, Tok::Word(_)),
            _ => true,
        },
        (_, Tok::Open('{')) => true,
        (Tok::Word(_) | Tok::Close | Tok::Punct('>', ..), Tok::Open(_)) => false,
        (Tok::Punct(c, _, path), _) => {
            !(path || matches!(c, '.' | '&' | '#' | '!' | '<' | '-' | '\''))
        }
        _ => true,
    }
}

/// The `@generated` header: what the file was generated from (`source`) and
/// the command that generates it again, with the options that change the
/// code and have a flag of their own.
pub fn header(source: &str, options: &Options) -> String {
    let mut flags = match &options.replay {
        Replay::On => " --replay".to_string(),
        Replay::Feature(name) => format!(" --replay-feature {name}"),
        _ => String::new(),
    };
    if options.module_features {
        flags.push_str(" --module-features");
    }
    if !flags.is_empty() {
        flags.insert_str(0, " --");
    }
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
#[cfg(feature = "pretty")]
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
    fn the_compact_layout_keeps_every_token_and_breaks_lines_by_block() {
        let source = r#"
            #![doc = "inner"]
            #[doc = " A thing."]
            #[derive(Clone, Debug)]
            pub struct Thing<'a, T: ::std::fmt::Debug> { pub r#type: &'a T, pub n: Option<Vec<Vec<u8>>>, }
            impl<'a, T> ::std::ops::Deref for Thing<'a, T> where T: Clone + ::std::fmt::Debug {
                type Target = T;
                fn deref(&self) -> &T { if 1u8 < 2 { self.r#type } else { loop {} } }
            }
            fn f(x: i64) -> Result<Vec<i64>, ()> {
                let v = vec![x, - 1, 1 - - 2];
                let a = x < = 3; let b = x <= 3; let c = x > - 1;
                match x { 0 => Ok(v), n if n > 0 => { Ok(v.into_iter().map(|y| { y * 2 }).collect()) } _ => Err(()), }
            }
            use ::std::collections::{BTreeMap as Map, *};
            const C: &'static [&'static str] = &["a", "b"];
        "#;
        let tokens: TokenStream = source.parse().unwrap();
        let text = compact("// header\n\n", &tokens);
        let again: TokenStream = text.parse().unwrap();
        assert_eq!(again.to_string(), tokens.to_string(), "{text}");
        let expected = [
            "#![doc = \"inner\"]",
            "#[doc = \" A thing.\"]",
            "#[derive(Clone, Debug)]",
            "pub struct Thing<'a, T: ::std::fmt::Debug> {",
            "    pub r#type: &'a T,",
            "    pub n: Option<Vec<Vec<u8>>>,",
            "}",
            "impl<'a, T> ::std::ops::Deref for Thing<'a, T> where T: Clone + ::std::fmt::Debug {",
            "    type Target = T;",
        ];
        let lines: Vec<&str> = text.lines().skip(2).collect();
        assert_eq!(lines[..expected.len()], expected, "{text}");
        assert!(text.contains("\n        _ => Err(()),\n"), "{text}");
        assert!(text.contains("} else {"), "{text}");
        assert!(
            text.contains("\nuse ::std::collections::{\n    BTreeMap as Map,\n    *\n};\n"),
            "{text}"
        );
    }

    #[cfg(feature = "pretty")]
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

    #[cfg(feature = "pretty")]
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
