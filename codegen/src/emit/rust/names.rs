//! Rust spellings of the description: identifiers, variant names, literals,
//! doc comments and the integer types values are presented as.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

pub(super) use crate::literal::lit_u64;
use crate::model::{self, Interface, Status, TypeRef};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// `name` as an identifier; a keyword becomes a raw identifier (`r#type`).
pub(super) fn ident(name: &str) -> Ident {
    if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        format_ident!("{}", name)
    }
}

/// `GET_IPA_CHANGE_ALIGNMENT` -> `GetIpaChangeAlignment`.
pub fn camel(upper: &str) -> String {
    upper
        .split('_')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + &c.as_str().to_ascii_lowercase(),
                None => String::new(),
            }
        })
        .collect()
}

/// Variant names for a list of C-style names: the longest common `_` prefix
/// is dropped, keeping a segment if a name would start with a digit.
pub fn variants(names: &[&str], iface_prefix: &str) -> Vec<String> {
    let split: Vec<Vec<&str>> = names
        .iter()
        .map(|n| {
            n.strip_prefix(iface_prefix)
                .unwrap_or(n)
                .split('_')
                .collect()
        })
        .collect();
    let mut common = if split.len() > 1 { split[0].len() } else { 0 };
    for s in &split {
        let mut k = 0;
        while k < common && k < s.len() && s[k] == split[0][k] {
            k += 1;
        }
        common = k;
    }
    // Keep at least one segment, and never start with a digit.
    loop {
        let ok = split
            .iter()
            .all(|s| s.len() > common && !s[common].starts_with(|c: char| c.is_ascii_digit()));
        if ok || common == 0 {
            break;
        }
        common -= 1;
    }
    split
        .iter()
        .map(|s| {
            let c = camel(&s[common..].join("_"));
            if c.starts_with(|ch: char| ch.is_ascii_digit()) {
                format!("V{c}")
            } else {
                c
            }
        })
        .collect()
}

/// A function's name without the interface prefix, in camel case:
/// `RSI_HOST_CALL` -> `HostCall`.
pub(super) fn function_camel(f: &model::Function, iface: &Interface) -> String {
    let prefix = iface.prefix();
    camel(f.name.strip_prefix(&prefix).unwrap_or(&f.name))
}

/// The `FunctionId` variant of a function.
pub(super) fn fid_variant(f: &model::Function, iface: &Interface) -> Ident {
    ident(&function_camel(f, iface))
}

/// `expr as T`, or `expr` alone when the types already agree.
pub(super) fn cast(expr: TokenStream, from_bits: u8, to_bits: u8) -> TokenStream {
    if model::storage_bits(from_bits) == model::storage_bits(to_bits) {
        expr
    } else {
        let t = uint_for(to_bits);
        quote!((#expr) as #t)
    }
}

/// `cast` in parentheses, for use as an operand of `<<`.
pub(super) fn cast_p(expr: TokenStream, from_bits: u8, to_bits: u8) -> TokenStream {
    if model::storage_bits(from_bits) == model::storage_bits(to_bits) {
        expr
    } else {
        let t = uint_for(to_bits);
        quote!(((#expr) as #t))
    }
}

/// `#[doc]` attributes, one per line.
pub(super) fn docs(lines: &[String]) -> TokenStream {
    let mut out = TokenStream::new();
    for l in lines {
        let text = format!(" {l}");
        out.extend(quote!(#[doc = #text]));
    }
    out
}

/// Wrap to 90 columns for doc comments.
pub(super) fn doc_lines(text: &str) -> Vec<String> {
    crate::emit::wrap(text, 90)
}

/// The closing paragraphs of an item's docs: its source, and whether it is a draft.
pub(super) fn source_doc(source: &str, status: Status, since: model::Revision) -> Vec<String> {
    let mut v = vec![
        String::new(),
        format!("Source: {}.", source.trim_end_matches('.')),
    ];
    if status == Status::Draft {
        v.push(String::new());
        v.push(format!(
            "**Draft** (since {since}): not in a published revision."
        ));
    }
    v
}

/// The unsigned integer type that stores `width` bits.
pub(super) fn uint_for(width: u8) -> TokenStream {
    match model::storage_bits(width) {
        8 => quote!(u8),
        16 => quote!(u16),
        32 => quote!(u32),
        _ => quote!(u64),
    }
}

/// A `crate::Status` value.
pub(super) fn status_tokens(s: Status) -> TokenStream {
    match s {
        Status::Stable => quote!(super::Status::Stable),
        Status::Draft => quote!(super::Status::Draft),
        Status::Deprecated => quote!(super::Status::Deprecated),
    }
}

/// A `crate::Revision` value.
pub(super) fn revision_tokens(r: model::Revision) -> TokenStream {
    let (ma, mi) = (
        Literal::u16_unsuffixed(r.major as u16),
        Literal::u16_unsuffixed(r.minor as u16),
    );
    quote!(super::Revision { major: #ma, minor: #mi })
}

/// The Rust type a register value or struct member is presented as.
pub(super) fn value_type(ty: &TypeRef, iface: &Interface) -> TokenStream {
    match ty {
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 | TypeRef::Address => quote!(u64),
        TypeRef::ReturnCode(_) | TypeRef::Enum(_) | TypeRef::Bitfield(_) | TypeRef::Struct(_) => {
            let _ = iface;
            let id = ident(ty.yaml_name());
            quote!(#id)
        }
    }
}

/// The accessor name of bit field `field`: snake case without a leading
/// `get_` (a getter reads as `features.ipa_change_alignment()`, not
/// `get_get_…`), and the spec name as a doc alias when they differ.
pub(super) fn field_accessor(field: &str) -> (String, Option<String>) {
    let lower = field.to_ascii_lowercase();
    match lower.strip_prefix("get_") {
        Some(rest) if !rest.is_empty() => (rest.to_string(), Some(field.to_string())),
        _ => (lower, None),
    }
}

/// The Rust type of a plain (non-enum) bit field: `bool` for one bit.
pub(super) fn plain_field_type(width: u8) -> TokenStream {
    if width == 1 {
        quote::quote!(bool)
    } else {
        uint_for(width)
    }
}

/// `#[non_exhaustive]` for a set of values a later revision adds to: one
/// that already holds drafts.
pub(super) fn growing(statuses: impl IntoIterator<Item = Status>) -> TokenStream {
    if statuses.into_iter().any(|s| s == Status::Draft) {
        quote::quote!(#[non_exhaustive])
    } else {
        TokenStream::new()
    }
}
