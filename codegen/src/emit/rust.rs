//! The `no_std` Rust crate: items emitted with `quote`, formatted in-process
//! with `prettyplease`; the fixed runtime in `templates/rust/` is written
//! verbatim beside them.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{File, REGENERATE};
use crate::model::{self, Interface, Model, Reg, Status, TypeRef};

/// Output paths are `rust/` + the path in the crate.
pub const ROOT: &str = "rust";
/// The package name of the generated crate.
pub const CRATE: &str = "cca-abi";

const RUNTIME: &str = include_str!("../../../templates/rust/runtime.rs");
const MODEL_HOST: &str = include_str!("../../../templates/rust/model_host.rs");
const HOSTILE_EXAMPLE: &str = include_str!("../../../templates/rust/hostile.rs");

/// The crate-level example (a doctest): the query's three outcomes against
/// the model host.
const CRATE_EXAMPLE: &str = "\
```
use cca_abi::{model_host::ModelHost, rhi, QueryError, Step};

// A 4K guest on a host that asks for 16K: 16K.
let mut host = ModelHost::new();
host.ipa_change_alignment = 0x4000;
assert_eq!(rhi::ipa_change_alignment(&mut host, 0x1000), Ok(0x4000));
// A 64K guest on the same host: the granule never goes down below the page size.
assert_eq!(rhi::ipa_change_alignment(&mut host, 0x10000), Ok(0x10000));

// A host that does not offer the call: the guest's page size.
host.hostconf_version = rhi::NOT_SUPPORTED;
assert_eq!(rhi::ipa_change_alignment(&mut host, 0x1000), Ok(0x1000));

// A host that offers the call and answers garbage: refused.
host.hostconf_version = rhi::RHI_HOSTCONF_VER_1_0.bits();
host.ipa_change_alignment = 0x3000;
assert_eq!(
    rhi::ipa_change_alignment(&mut host, 0x1000),
    Err(QueryError::Invalid { step: Step::Value, value: 0x3000 })
);
```";

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

fn ident(name: &str) -> proc_macro2::Ident {
    if KEYWORDS.contains(&name) {
        proc_macro2::Ident::new_raw(name, proc_macro2::Span::call_site())
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

fn lit_u64(v: u64) -> Literal {
    if v < 10 {
        return Literal::u64_unsuffixed(v);
    }
    // Hex in groups of four digits, as register values are read.
    let digits = format!("{v:X}");
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 4 == 0 {
            grouped.push('_');
        }
        grouped.push(c);
    }
    format!("0x{grouped}")
        .parse()
        .unwrap_or_else(|_| Literal::u64_unsuffixed(v))
}

/// `expr as T`, or `expr` alone when the types already agree.
fn cast(expr: TokenStream, from_bits: u8, to_bits: u8) -> TokenStream {
    if model::storage_bits(from_bits) == model::storage_bits(to_bits) {
        expr
    } else {
        let t = uint_for(to_bits);
        quote!((#expr) as #t)
    }
}

/// `cast` in parentheses, for use as an operand of `<<`.
fn cast_p(expr: TokenStream, from_bits: u8, to_bits: u8) -> TokenStream {
    if model::storage_bits(from_bits) == model::storage_bits(to_bits) {
        expr
    } else {
        let t = uint_for(to_bits);
        quote!(((#expr) as #t))
    }
}

fn docs(lines: &[String]) -> TokenStream {
    let mut out = TokenStream::new();
    for l in lines {
        let text = format!(" {l}");
        out.extend(quote!(#[doc = #text]));
    }
    out
}

/// Wrap to 90 columns for doc comments.
fn doc_lines(text: &str) -> Vec<String> {
    super::wrap(text, 90)
}

fn source_doc(source: &str, status: Status, since: model::Revision) -> Vec<String> {
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

fn uint_for(width: u8) -> TokenStream {
    match model::storage_bits(width) {
        8 => quote!(u8),
        16 => quote!(u16),
        32 => quote!(u32),
        _ => quote!(u64),
    }
}

fn status_tokens(s: Status) -> TokenStream {
    match s {
        Status::Stable => quote!(crate::Status::Stable),
        Status::Draft => quote!(crate::Status::Draft),
        Status::Deprecated => quote!(crate::Status::Deprecated),
    }
}

fn revision_tokens(r: model::Revision) -> TokenStream {
    let (ma, mi) = (
        Literal::u16_unsuffixed(r.major as u16),
        Literal::u16_unsuffixed(r.minor as u16),
    );
    quote!(crate::Revision { major: #ma, minor: #mi })
}

/// The Rust type a register value or struct member is presented as.
fn value_type(ty: &TypeRef, iface: &Interface) -> TokenStream {
    match ty {
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 | TypeRef::Address => quote!(u64),
        TypeRef::ReturnCode(n) | TypeRef::Enum(n) | TypeRef::Bitfield(n) => {
            let _ = iface;
            let id = ident(n);
            quote!(#id)
        }
    }
}

fn fid_variant(f: &model::Function, iface: &Interface) -> proc_macro2::Ident {
    let prefix = format!("{}_", iface.name);
    ident(&camel(f.name.strip_prefix(&prefix).unwrap_or(&f.name)))
}

fn functions_enum(iface: &Interface) -> TokenStream {
    let variants: Vec<TokenStream> = iface
        .functions
        .iter()
        .map(|f| {
            let v = fid_variant(f, iface);
            let fid = Literal::u32_unsuffixed(f.fid);
            let fid = format!("0x{:04X}_{:04X}", f.fid >> 16, f.fid & 0xFFFF)
                .parse::<Literal>()
                .unwrap_or(fid);
            let mut d = doc_lines(&format!("`{}`: {}", f.name, f.doc.trim()));
            d.extend(source_doc(&f.source, f.status, f.since));
            let doc = docs(&d);
            let name = &f.name;
            let aliases = f.aliases.iter().map(|a| quote!(#[doc(alias = #a)]));
            quote! { #doc #[doc(alias = #name)] #(#aliases)* #v = #fid, }
        })
        .collect();
    // `Self::Variant => value,` for every function.
    let arms = |value: &dyn Fn(&model::Function) -> TokenStream| -> Vec<TokenStream> {
        iface
            .functions
            .iter()
            .map(|f| {
                let v = fid_variant(f, iface);
                let x = value(f);
                quote!(Self::#v => #x,)
            })
            .collect()
    };
    let arms_since = arms(&|f| revision_tokens(f.since));
    let arms_status = arms(&|f| status_tokens(f.status));
    let arms_name = arms(&|f| {
        let n = &f.name;
        quote!(#n)
    });
    let arms_from: Vec<TokenStream> = iface
        .functions
        .iter()
        .map(|f| {
            let v = fid_variant(f, iface);
            let c = ident(&f.name);
            quote!(#c => Ok(Self::#v),)
        })
        .collect();
    let consts: Vec<TokenStream> = iface
        .functions
        .iter()
        .map(|f| {
            let c = ident(&f.name);
            let v = fid_variant(f, iface);
            let doc = format!(" The function identifier of `{}`.", f.name);
            quote!(#[doc = #doc] pub const #c: u32 = FunctionId::#v as u32;)
        })
        .collect();
    let title = format!(
        " The functions of the {}, by function identifier.",
        iface.title
    );
    quote! {
        #[doc = #title]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u32)]
        pub enum FunctionId { #(#variants)* }

        impl FunctionId {
            /// The SMCCC function identifier.
            pub const fn fid(self) -> u32 { self as u32 }
            /// The name in the specification.
            pub const fn name(self) -> &'static str { match self { #(#arms_name)* } }
            /// The first interface revision with this function.
            pub const fn since(self) -> crate::Revision { match self { #(#arms_since)* } }
            /// Whether the function is stable, a draft, or deprecated.
            pub const fn status(self) -> crate::Status { match self { #(#arms_status)* } }
        }

        impl TryFrom<u32> for FunctionId {
            type Error = crate::UnknownFunction;
            fn try_from(fid: u32) -> Result<Self, crate::UnknownFunction> {
                match fid {
                    #(#arms_from)*
                    _ => Err(crate::UnknownFunction(u64::from(fid))),
                }
            }
        }

        impl TryFrom<u64> for FunctionId {
            type Error = crate::UnknownFunction;
            fn try_from(raw: u64) -> Result<Self, crate::UnknownFunction> {
                u32::try_from(raw)
                    .map_err(|_| crate::UnknownFunction(raw))
                    .and_then(|fid| Self::try_from(fid).map_err(|_| crate::UnknownFunction(raw)))
            }
        }

        #(#consts)*
    }
}

fn return_codes(iface: &Interface) -> TokenStream {
    let Some(rc) = &iface.return_codes else {
        return TokenStream::new();
    };
    let name = ident(&rc.name);
    let names: Vec<&str> = rc.values.iter().map(|v| v.name.as_str()).collect();
    let prefix = format!("{}_", iface.name);
    let vars: Vec<proc_macro2::Ident> = names
        .iter()
        .map(|n| ident(&camel(n.strip_prefix(&prefix).unwrap_or(n))))
        .collect();
    let decl = rc.values.iter().zip(&vars).map(|(v, id)| {
        let mut d = doc_lines(&format!("`{}` ({}): {}", v.name, v.value, v.meaning.trim()));
        if v.status == Status::Draft {
            d.push(format!("**Draft** (since {}).", v.since));
        }
        let doc = docs(&d);
        let n = &v.name;
        quote!(#doc #[doc(alias = #n)] #id,)
    });
    let from = rc.values.iter().zip(&vars).map(|(v, id)| {
        let raw = lit_u64(v.raw);
        quote!(#raw => Self::#id,)
    });
    let to = rc.values.iter().zip(&vars).map(|(v, id)| {
        let raw = lit_u64(v.raw);
        quote!(Self::#id => #raw,)
    });
    let consts = rc.values.iter().map(|v| {
        let c = ident(&v.name);
        let raw = lit_u64(v.raw);
        let doc = format!(" `{}` as register bits.", v.name);
        quote!(#[doc = #doc] pub const #c: u64 = #raw;)
    });
    let mut d = vec![format!("{}: the status in X0 (or `gprs[0]`).", rc.name)];
    if let Some(doc) = &rc.doc {
        d = doc_lines(&format!("{}: {}", rc.name, doc));
    }
    d.push(String::new());
    d.push(format!(
        "Source: {}. A value the ABI does not define decodes as `Unknown`, never a panic.",
        rc.source
    ));
    let doc = docs(&d);
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#decl)*
            /// A value the ABI does not define, kept as it was.
            Unknown(u64),
        }
        impl #name {
            /// Decode the register bits; total, never fails.
            pub const fn from_raw(raw: u64) -> Self { match raw { #(#from)* other => Self::Unknown(other) } }
            /// The register bits.
            pub const fn raw(self) -> u64 { match self { #(#to)* Self::Unknown(raw) => raw } }
        }
        impl From<u64> for #name { fn from(raw: u64) -> Self { Self::from_raw(raw) } }
        impl From<#name> for u64 { fn from(code: #name) -> u64 { code.raw() } }
        #(#consts)*
    }
}

fn enums(iface: &Interface) -> TokenStream {
    let prefix = format!("{}_", iface.name);
    let mut out = TokenStream::new();
    for e in &iface.enums {
        let name = ident(&e.name);
        let names: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
        let vars: Vec<proc_macro2::Ident> =
            variants(&names, &prefix).iter().map(|v| ident(v)).collect();
        let repr = uint_for(e.width);
        let decl = e.values.iter().zip(&vars).map(|(v, id)| {
            let mut d = vec![format!("`{}` ({}).", v.name, v.value)];
            if let Some(doc) = &v.doc {
                d = doc_lines(&format!("`{}` ({}): {}", v.name, v.value, doc.trim()));
            }
            if v.status == Status::Draft {
                d.push(format!("**Draft** (since {}).", v.since));
            }
            let doc = docs(&d);
            let n = &v.name;
            let lit = lit_u64(v.value);
            quote!(#doc #[doc(alias = #n)] #id = #lit,)
        });
        let from = e.values.iter().zip(&vars).map(|(v, id)| {
            let lit = lit_u64(v.value);
            quote!(#lit => Ok(Self::#id),)
        });
        let consts = e.values.iter().map(|v| {
            let c = ident(&v.name);
            let lit = lit_u64(v.value);
            let doc = format!(" `{}` as register bits.", v.name);
            quote!(#[doc = #doc] pub const #c: u64 = #lit;)
        });
        let mut d = doc_lines(&format!(
            "{}{}",
            e.name,
            e.doc.as_ref().map(|d| format!(": {d}")).unwrap_or_default()
        ));
        d.extend(source_doc(&e.source, e.status, e.since));
        let doc = docs(&d);
        let tn = &e.name;
        out.extend(quote! {
            #doc
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            #[repr(#repr)]
            pub enum #name { #(#decl)* }
            impl #name {
                /// Every value, in declared order.
                pub const ALL: &'static [Self] = &[#(Self::#vars),*];
                /// The register bits.
                pub const fn raw(self) -> u64 { self as u64 }
                /// Decode the register bits; an unknown value is an error.
                pub const fn from_raw(raw: u64) -> Result<Self, crate::DecodeError> {
                    match raw {
                        #(#from)*
                        value => Err(crate::DecodeError::UnknownValue { type_name: #tn, value }),
                    }
                }
            }
            impl TryFrom<u64> for #name {
                type Error = crate::DecodeError;
                fn try_from(raw: u64) -> Result<Self, crate::DecodeError> { Self::from_raw(raw) }
            }
            impl From<#name> for u64 { fn from(v: #name) -> u64 { v.raw() } }
            #(#consts)*
        });
    }
    out
}

fn bitfields(iface: &Interface) -> TokenStream {
    let mut out = TokenStream::new();
    for b in &iface.bitfields {
        let name = ident(&b.name);
        let repr = uint_for(b.width);
        let tn = &b.name;
        let reserved_lit = lit_u64(b.reserved_mask());
        let mut items = Vec::new();
        let mut checks = Vec::new();
        for f in b.fields.iter().filter(|f| !f.reserved) {
            let Some(fname) = &f.name else { continue };
            let up = fname.to_ascii_uppercase();
            let lower = fname.to_ascii_lowercase();
            let shift_c = format_ident!("{}_SHIFT", up);
            let width_c = format_ident!("{}_WIDTH", up);
            let mask_c = format_ident!("{}_MASK", up);
            let shift = Literal::u32_unsuffixed(u32::from(f.lo));
            let width = Literal::u32_unsuffixed(u32::from(f.width()));
            let mask = lit_u64(f.mask());
            let getter = ident(&lower);
            let setter = format_ident!("with_{}", lower);
            let mut d = vec![format!("`{fname}`, bits {}:{}.", f.hi, f.lo)];
            if let Some(doc) = &f.doc {
                d = doc_lines(&format!(
                    "`{fname}`, bits {}:{}: {}",
                    f.hi,
                    f.lo,
                    doc.trim()
                ));
            }
            let doc = docs(&d);
            let (ds, dw, dm) = (
                format!(" Position of the lowest bit of `{fname}`."),
                format!(" Width of `{fname}` in bits."),
                format!(" The bits of `{fname}`."),
            );
            items.push(quote! {
                #[doc = #ds]
                pub const #shift_c: u32 = #shift;
                #[doc = #dw]
                pub const #width_c: u32 = #width;
                #[doc = #dm]
                pub const #mask_c: #repr = #mask;
            });
            match &f.ty {
                Some(en) => {
                    let et = ident(en);
                    let get = cast(
                        quote!((self.0 & Self::#mask_c) >> Self::#shift_c),
                        b.width,
                        64,
                    );
                    let check = cast(
                        quote!((bits & Self::#mask_c) >> Self::#shift_c),
                        b.width,
                        64,
                    );
                    let set = cast_p(quote!(value.raw()), 64, b.width);
                    items.push(quote! {
                        #doc
                        pub const fn #getter(self) -> Result<#et, crate::DecodeError> {
                            #et::from_raw(#get)
                        }
                        #doc
                        pub const fn #setter(self, value: #et) -> Self {
                            Self((self.0 & !Self::#mask_c) | ((#set << Self::#shift_c) & Self::#mask_c))
                        }
                    });
                    checks.push(quote! {
                        if let Err(e) = #et::from_raw(#check) {
                            return Err(e);
                        }
                    });
                }
                None => {
                    let vt = uint_for(f.width());
                    let set_doc = {
                        let mut d = d.clone();
                        d.push(String::new());
                        d.push(if f.width() == 1 {
                            "Only bit 0 of `value` is kept.".to_string()
                        } else {
                            format!("Only the low {} bits of `value` are kept.", f.width())
                        });
                        docs(&d)
                    };
                    let get = cast(
                        quote!((self.0 & Self::#mask_c) >> Self::#shift_c),
                        b.width,
                        f.width(),
                    );
                    let set = cast_p(quote!(value), f.width(), b.width);
                    items.push(quote! {
                        #doc
                        pub const fn #getter(self) -> #vt {
                            #get
                        }
                        #set_doc
                        pub const fn #setter(self, value: #vt) -> Self {
                            Self((self.0 & !Self::#mask_c) | ((#set << Self::#shift_c) & Self::#mask_c))
                        }
                    });
                }
            }
        }
        let reserved_bits = cast(quote!(bits & Self::RESERVED_MASK), b.width, 64);
        let from_register = if model::storage_bits(b.width) == 64 {
            quote!(Self::from_bits(raw))
        } else {
            quote! {
                let bits = raw as #repr;
                if bits as u64 != raw {
                    return Err(crate::DecodeError::ReservedBits { type_name: #tn, bits: raw & !(#repr::MAX as u64) });
                }
                Self::from_bits(bits)
            }
        };
        let mut d = doc_lines(&format!(
            "{} ({} bits){}",
            b.name,
            b.width,
            b.doc.as_ref().map(|d| format!(": {d}")).unwrap_or_default()
        ));
        d.extend(source_doc(&b.source, b.status, b.since));
        let doc = docs(&d);
        out.extend(quote! {
            #doc
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
            #[repr(transparent)]
            pub struct #name(#repr);
            impl #name {
                /// The bits the ABI reserves; they must be zero.
                pub const RESERVED_MASK: #repr = #reserved_lit;
                #(#items)*
                /// All fields zero.
                pub const fn new() -> Self { Self(0) }
                /// The raw bits.
                pub const fn bits(self) -> #repr { self.0 }
                /// Decode raw bits: reserved bits set, or an enum field holding an
                /// unknown value, is an error.
                pub const fn from_bits(bits: #repr) -> Result<Self, crate::DecodeError> {
                    if bits & Self::RESERVED_MASK != 0 {
                        return Err(crate::DecodeError::ReservedBits { type_name: #tn, bits: #reserved_bits });
                    }
                    #(#checks)*
                    Ok(Self(bits))
                }
                /// Decode a register: bits above the type's width are reserved too.
                pub const fn from_register(raw: u64) -> Result<Self, crate::DecodeError> {
                    #from_register
                }
            }
        });
    }
    out
}

fn structs(iface: &Interface) -> TokenStream {
    let mut out = TokenStream::new();
    for s in &iface.structs {
        let name = ident(&s.name);
        let align = Literal::u64_unsuffixed(s.align);
        let size = lit_u64(s.size);
        let fields = s.members.iter().map(|m| {
            let f = ident(&m.name);
            let elem = match &m.ty {
                Some(t) => uint_for(iface.width_of(t)),
                None => quote!(u8),
            };
            let ty = match (&m.ty, m.count) {
                (Some(_), Some(c)) => {
                    let c = Literal::u64_unsuffixed(c);
                    quote!([#elem; #c])
                }
                (Some(_), None) => elem,
                (None, _) => {
                    let n = Literal::u64_unsuffixed(m.size);
                    quote!([u8; #n])
                }
            };
            let mut d = vec![format!("Offset {:#x}.", m.offset)];
            if let Some(doc) = &m.doc {
                d = doc_lines(&format!("Offset {:#x}: {}", m.offset, doc.trim()));
            }
            if m.reserved {
                d.push("Reserved: must be zero.".into());
            }
            if let Some(TypeRef::Enum(n) | TypeRef::Bitfield(n)) = &m.ty {
                d.push(format!("Holds a [`{n}`]."));
            }
            let doc = docs(&d);
            quote!(#doc pub #f: #ty,)
        });
        let zeros = s.members.iter().map(|m| {
            let f = ident(&m.name);
            match (&m.ty, m.count) {
                (Some(_), Some(c)) => {
                    let c = Literal::u64_unsuffixed(c);
                    quote!(#f: [0; #c],)
                }
                (Some(_), None) => quote!(#f: 0,),
                (None, _) => {
                    let n = Literal::u64_unsuffixed(m.size);
                    quote!(#f: [0; #n],)
                }
            }
        });
        let sname = &s.name;
        let size_msg = format!("size of {sname} differs from the ABI");
        let align_msg = format!("alignment of {sname} differs from the ABI");
        let offs = s.members.iter().map(|m| {
            let f = ident(&m.name);
            let o = lit_u64(m.offset);
            let msg = format!("offset of {sname}.{} differs from the ABI", m.name);
            quote! {
                const _: () = if core::mem::offset_of!(#name, #f) != #o { panic!(#msg) };
            }
        });
        let mut d = doc_lines(&format!(
            "{} ({:#x} bytes, {:#x}-byte aligned){}",
            s.name,
            s.size,
            s.align,
            s.doc.as_ref().map(|d| format!(": {d}")).unwrap_or_default()
        ));
        d.extend(source_doc(&s.source, s.status, s.since));
        let doc = docs(&d);
        out.extend(quote! {
            #doc
            #[derive(Clone, Copy, Debug, PartialEq, Eq)]
            #[repr(C, align(#align))]
            pub struct #name { #(#fields)* }
            impl #name {
                /// Every byte zero, reserved ranges included.
                pub const fn zeroed() -> Self { Self { #(#zeros)* } }
            }
            const _: () = if core::mem::size_of::<#name>() != #size { panic!(#size_msg) };
            const _: () = if core::mem::align_of::<#name>() != #align { panic!(#align_msg) };
            #(#offs)*
        });
    }
    out
}

/// Registers of one direction: index into the register array.
fn reg_index(r: Reg) -> usize {
    match r {
        Reg::X(n) | Reg::Gpr(n) => usize::from(n),
    }
}

/// Encoding into and decoding out of a register array (`regs`) for one
/// register value, shared by the generated crate and `#[derive(AbiCall)]` so
/// that the two cannot drift: `field`, of Rust type `ty` (`field_bits` wide
/// when it is an integer), holds `v`. A value too wide for the field is a
/// `TooWide` error naming `label`; `krate` is the path that holds `DecodeError`.
pub fn register_codec(
    field: &proc_macro2::Ident,
    ty: &TokenStream,
    field_bits: u8,
    v: &model::RegValue,
    iface: &Interface,
    label: &str,
    krate: &TokenStream,
) -> (TokenStream, TokenStream) {
    let f = field;
    let idx = Literal::usize_unsuffixed(reg_index(v.reg));
    let width = v.hi - v.lo + 1;
    let to_bits = match &v.ty {
        TypeRef::ReturnCode(_) | TypeRef::Enum(_) => quote!(self.#f.raw()),
        TypeRef::Bitfield(_) => cast(quote!(self.#f.bits()), iface.width_of(&v.ty), 64),
        _ if field_bits == 64 => quote!(self.#f),
        _ => quote!(u64::from(self.#f)),
    };
    // Shift and mask only where they do something.
    let (encode, raw) = match (width == 64, v.lo) {
        (true, _) => (quote! { regs[#idx] = #to_bits; }, quote!(regs[#idx])),
        (false, 0) => {
            let mask = lit_u64(model::mask(width - 1, 0));
            (
                quote! { regs[#idx] |= #to_bits & #mask; },
                quote!(regs[#idx] & #mask),
            )
        }
        (false, lo) => {
            let mask = lit_u64(model::mask(width - 1, 0));
            let lo = Literal::u32_unsuffixed(u32::from(lo));
            (
                quote! { regs[#idx] |= (#to_bits & #mask) << #lo; },
                quote!((regs[#idx] >> #lo) & #mask),
            )
        }
    };
    let decode = match &v.ty {
        TypeRef::ReturnCode(_) => quote!(let #f = #ty::from_raw(#raw);),
        TypeRef::Enum(_) => quote!(let #f = #ty::from_raw(#raw)?;),
        TypeRef::Bitfield(_) => quote!(let #f = #ty::from_register(#raw)?;),
        _ if field_bits == 64 => quote!(let #f = #raw;),
        _ => quote! {
            let #f = #ty::try_from(#raw)
                .map_err(|_| #krate::DecodeError::TooWide { field: #label, value: #raw })?;
        },
    };
    (encode, decode)
}

/// Encode and decode expressions for one register value of the generated crate.
fn value_codec(v: &model::RegValue, iface: &Interface) -> (TokenStream, TokenStream) {
    let field_bits = match &v.ty {
        TypeRef::U8 => 8,
        TypeRef::U16 => 16,
        TypeRef::U32 => 32,
        _ => 64,
    };
    register_codec(
        &ident(&v.name),
        &value_type(&v.ty, iface),
        field_bits,
        v,
        iface,
        &v.name,
        &quote!(crate),
    )
}

/// Decode-time checks that, in each register some of `values` use, the bits
/// none of them uses are zero. `type_name` names the decoded type in errors.
pub fn reserved_checks(
    values: &[model::RegValue],
    type_name: &str,
    krate: &TokenStream,
) -> Vec<TokenStream> {
    let mut used: Vec<(usize, u64)> = Vec::new();
    for v in values {
        let i = reg_index(v.reg);
        let m = model::mask(v.hi, v.lo);
        match used.iter_mut().find(|(r, _)| *r == i) {
            Some((_, acc)) => *acc |= m,
            None => used.push((i, m)),
        }
    }
    used.into_iter()
        .filter(|(_, m)| *m != u64::MAX)
        .map(|(i, m)| {
            let free = lit_u64(!m);
            let tn = format!("{type_name}.{i}");
            let i = Literal::usize_unsuffixed(i);
            quote! {
                if regs[#i] & #free != 0 {
                    return Err(#krate::DecodeError::ReservedBits { type_name: #tn, bits: regs[#i] & #free });
                }
            }
        })
        .collect()
}

fn marshalling(iface: &Interface) -> TokenStream {
    let host = iface.transport == model::Transport::HostCall;
    let n = Literal::usize_unsuffixed(if host { 31 } else { 18 });
    let (to_fn, from_fn, regs_doc) = if host {
        (
            format_ident!("to_gprs"),
            format_ident!("from_gprs"),
            "`RsiHostCall.gprs` (`gprs[0]` carries the function identifier in a request)",
        )
    } else {
        (
            format_ident!("to_regs"),
            format_ident!("from_regs"),
            "X0-X17 (X0 carries the function identifier in a request)",
        )
    };
    let mut out = TokenStream::new();
    for f in &iface.functions {
        let base = camel(
            f.name
                .strip_prefix(&format!("{}_", iface.name))
                .unwrap_or(&f.name),
        );
        let fv = fid_variant(f, iface);
        for (values, is_req) in [(&f.inputs, true), (&f.outputs, false)] {
            let ty = format_ident!("{}{}", base, if is_req { "Request" } else { "Response" });
            let fields = values.iter().map(|v| {
                let id = ident(&v.name);
                let t = value_type(&v.ty, iface);
                let bits = if (v.hi, v.lo) == (63, 0) {
                    String::new()
                } else {
                    format!(" bits {}:{}", v.hi, v.lo)
                };
                let reg = match v.reg {
                    Reg::X(k) => format!("X{k}"),
                    Reg::Gpr(k) => format!("`gprs[{k}]`"),
                };
                let mut d = vec![format!("{reg}{bits}.")];
                if let Some(doc) = &v.doc {
                    d = doc_lines(&format!("{reg}{bits}: {}", doc.trim()));
                }
                let doc = docs(&d);
                quote!(#doc pub #id: #t,)
            });
            let (enc, dec): (Vec<TokenStream>, Vec<TokenStream>) =
                values.iter().map(|v| value_codec(v, iface)).unzip();
            let names: Vec<proc_macro2::Ident> = values.iter().map(|v| ident(&v.name)).collect();
            let reserved_checks = reserved_checks(values, &ty.to_string(), &quote!(crate));
            let fid_set = if is_req {
                quote!(regs[0] = u64::from(FunctionId::#fv.fid());)
            } else {
                TokenStream::new()
            };
            let fid_check = if is_req {
                quote! {
                    if regs[0] != u64::from(FunctionId::#fv.fid()) {
                        return Err(crate::DecodeError::WrongFunction { expected: FunctionId::#fv.fid(), found: regs[0] });
                    }
                }
            } else {
                TokenStream::new()
            };
            let what = if is_req { "arguments" } else { "results" };
            let d = vec![format!(
                "The {what} of [`FunctionId::{fv}`] (`{}`), in {regs_doc}.",
                f.name
            )];
            let doc = docs(&d);
            let mutability = if values.is_empty() && !is_req {
                quote!()
            } else {
                quote!(mut)
            };
            let unused = if values.is_empty() && !is_req {
                quote!(let _ = self;)
            } else {
                TokenStream::new()
            };
            let regs_unused = if values.is_empty() && !is_req {
                quote!(let _ = regs;)
            } else {
                TokenStream::new()
            };
            out.extend(quote! {
                #doc
                #[derive(Clone, Copy, Debug, PartialEq, Eq)]
                pub struct #ty { #(#fields)* }
                impl #ty {
                    /// The function these values belong to.
                    pub const FUNCTION: FunctionId = FunctionId::#fv;
                    /// Encode into registers; unused registers are zero.
                    pub fn #to_fn(&self) -> [u64; #n] {
                        #unused
                        let #mutability regs = [0u64; #n];
                        #fid_set
                        #(#enc)*
                        regs
                    }
                    /// Decode from registers: unknown values and reserved bits are errors.
                    pub fn #from_fn(regs: &[u64; #n]) -> Result<Self, crate::DecodeError> {
                        #regs_unused
                        #fid_check
                        #(#reserved_checks)*
                        #(#dec)*
                        Ok(Self { #(#names),* })
                    }
                }
            });
        }
    }
    out
}

fn versions(iface: &Interface) -> TokenStream {
    let mut out = TokenStream::new();
    for v in &iface.versions {
        let c = ident(&v.name);
        let lit = lit_u64(v.value);
        let t = ident(&v.encoding);
        let mut d = vec![format!(
            "Version {}.{} encoded as [`{}`] ({}).",
            v.major, v.minor, v.encoding, v.source
        )];
        if v.status == Status::Draft {
            d.push(format!("**Draft** (since {}).", v.since));
        }
        let doc = docs(&d);
        out.extend(quote!(#doc pub const #c: #t = #t(#lit);));
    }
    out
}

/// The validation rules of a query as a condition on `value` that holds when
/// the value is valid, and the same rules in words.
fn query_validity(v: &model::QueryValidate) -> (TokenStream, String) {
    let mut conds = Vec::new();
    let mut words = Vec::new();
    if v.power_of_two {
        conds.push(quote!(value.is_power_of_two()));
        words.push("a power of two".to_string());
    }
    match (v.min, v.max) {
        (Some(min), Some(max)) => {
            let (a, b) = (lit_u64(min), lit_u64(max));
            conds.push(quote!(#a <= value && value <= #b));
            words.push(format!("in {min:#x}..={max:#x}"));
        }
        (Some(min), None) => {
            let m = lit_u64(min);
            conds.push(quote!(value >= #m));
            words.push(format!("at least {min:#x}"));
        }
        (None, Some(max)) => {
            let m = lit_u64(max);
            conds.push(quote!(value <= #m));
            words.push(format!("at most {max:#x}"));
        }
        (None, None) => {}
    }
    if conds.is_empty() {
        return (quote!(true), "any value".to_string());
    }
    (quote!(#(#conds)&&*), words.join(", "))
}

/// The doc comment of a query routine: what it asks, its three outcomes.
fn query_doc(
    q: &model::Query,
    calls: [&model::Function; 3],
    ver: &model::VersionConst,
    is_valid: &str,
) -> TokenStream {
    let [vf, ff, cf] = calls;
    let mut d = doc_lines(&q.doc);
    d.push(String::new());
    d.extend(doc_lines(&format!(
        "Asks `{}` and requires a version compatible with `{}` (major {}, minor at least {}), \
         asks `{}` and requires the `{}` bit (other feature bits are ignored), then asks `{}` \
         and checks the answer with [`{is_valid}`]. Every call starts from a zeroed \
         `RsiHostCall` with only the function identifier in `gprs[0]`.",
        vf.name, ver.name, q.version.major, q.version.minor, ff.name, q.feature.bit, cf.name,
    )));
    d.push(String::new());
    d.push("Three outcomes, as settled in the Linux v4 review of the HOSTCONF series:".to_string());
    d.push(String::new());
    let items = [
        "`Ok(page_size)`: the host does not offer the call: `SMCCC_RET_NOT_SUPPORTED` from \
         `RSI_HOST_CALL` or from the host at any step, another major revision or an older minor \
         one, or the feature bit clear. `page_size` is the guest's own page size in bytes, the \
         assumption before RHI."
            .to_string(),
        format!(
            "`Ok(max(value, page_size))`: the host answered a valid {}. It never goes down: \
             the result is never below the guest's page size.",
            q.title
        ),
        "`Err`: the caller must keep Realm support off, never fall back. \
         [`QueryError::Invalid`](crate::QueryError::Invalid): the host offers the call and \
         answered something invalid (reserved version bits set, its own function identifier \
         echoed back, an SMCCC error other than `SMCCC_RET_NOT_SUPPORTED`, a value that fails \
         validation). [`QueryError::Transport`](crate::QueryError::Transport): `RSI_HOST_CALL` \
         itself failed with an RMM error."
            .to_string(),
    ];
    for item in &items {
        for (i, l) in super::wrap(item, 88).into_iter().enumerate() {
            d.push(format!("{}{l}", if i == 0 { "- " } else { "  " }));
        }
    }
    d.push(String::new());
    d.extend(doc_lines(&format!(
        "Source: {}.",
        q.source.trim_end_matches('.')
    )));
    docs(&d)
}

/// `pub const fn NAME_is_valid(value: u64) -> bool` for a query's rules.
fn query_validator(q: &model::Query, is_valid: &proc_macro2::Ident) -> TokenStream {
    let (cond, words) = query_validity(&q.validate);
    let doc = docs(&doc_lines(&format!(
        "Whether the host's answer is a valid {} for [`{}`]: {words}.",
        q.title, q.name
    )));
    quote! {
        #doc
        pub const fn #is_valid(value: u64) -> bool { #cond }
    }
}

fn query(iface: &Interface, q: &model::Query) -> Option<TokenStream> {
    let calls = [
        iface.function(&q.version.call)?,
        iface.function(&q.feature.call)?,
        iface.function(&q.value.call)?,
    ];
    let ver = iface.version(&q.version.requires)?;
    let freg = iface.bitfield(&q.feature.register)?;
    let name = ident(&q.name);
    let is_valid = format_ident!("{}_is_valid", q.name);
    let [vfid, ffid, cfid] = calls.map(|f| ident(&f.name));
    let enc = ident(&ver.encoding);
    let major = Literal::u64_unsuffixed(q.version.major);
    let minor = Literal::u64_unsuffixed(q.version.minor);
    let minor_check = if q.version.minor > 0 {
        quote!(|| u64::from(version.minor()) < #minor)
    } else {
        TokenStream::new()
    };
    let freg_t = ident(&freg.name);
    let fmask = format_ident!("{}_MASK", q.feature.bit.to_ascii_uppercase());
    let fmask_expr = cast(quote!(#freg_t::#fmask), freg.width, 64);
    let doc = query_doc(q, calls, ver, &is_valid.to_string());
    let validator = query_validator(q, &is_valid);
    Some(quote! {
        #validator
        #doc
        pub fn #name<C: crate::Conduit>(
            conduit: &mut C,
            page_size: u64,
        ) -> Result<u64, crate::QueryError> {
            use crate::{QueryError, Step};
            let Some(answer) = host_query(conduit, #vfid, Step::Version)? else {
                return Ok(page_size);
            };
            let Ok(version) = #enc::from_register(answer) else {
                return Err(QueryError::Invalid { step: Step::Version, value: answer });
            };
            // Another major revision, or an older minor one, does not offer the call.
            if u64::from(version.major()) != #major #minor_check {
                return Ok(page_size);
            }

            let Some(features) = host_query(conduit, #ffid, Step::Features)? else {
                return Ok(page_size);
            };
            // Only this bit counts: a later revision may add others.
            if features & #fmask_expr == 0 {
                return Ok(page_size);
            }

            let Some(value) = host_query(conduit, #cfid, Step::Value)? else {
                return Ok(page_size);
            };
            if !#is_valid(value) {
                return Err(QueryError::Invalid { step: Step::Value, value });
            }
            // The granule never goes down below the guest's page size.
            Ok(value.max(page_size))
        }
    })
}

/// The host-call helper every query routine of an interface uses.
fn host_query() -> TokenStream {
    quote! {
        /// `SMCCC_RET_NOT_SUPPORTED` (-1) as register bits.
        pub const NOT_SUPPORTED: u64 = u64::MAX;

        /// One host call with `fid` in `gprs[0]` and nothing else: the structure is
        /// zeroed first, so nothing the host wrote earlier is sent again.
        ///
        /// `Ok(None)` when the call is not offered (`SMCCC_RET_NOT_SUPPORTED` from
        /// `RSI_HOST_CALL` or in the host's answer); a transport error for any other
        /// RSI status; invalid when the host echoes `fid` or answers another SMCCC
        /// error (bit 63 set); else the host's answer.
        fn host_query<C: crate::Conduit>(
            conduit: &mut C,
            fid: u32,
            step: crate::Step,
        ) -> Result<Option<u64>, crate::QueryError> {
            let mut call = crate::rsi::RsiHostCall::zeroed();
            call.gprs[0] = u64::from(fid);
            let status = conduit.host_call(&mut call);
            if status == NOT_SUPPORTED {
                return Ok(None);
            }
            if status != crate::rsi::RSI_SUCCESS {
                return Err(crate::QueryError::Transport { step, status });
            }
            let answer = call.gprs[0];
            if answer == NOT_SUPPORTED {
                return Ok(None);
            }
            if answer == u64::from(fid) || answer >> 63 != 0 {
                return Err(crate::QueryError::Invalid { step, value: answer });
            }
            Ok(Some(answer))
        }
    }
}

fn queries(iface: &Interface) -> TokenStream {
    let mut out: TokenStream = iface
        .queries
        .iter()
        .filter_map(|q| query(iface, q))
        .collect();
    if !iface.queries.is_empty() {
        out.extend(host_query());
    }
    out
}

/// The contents of one interface module (`src/rsi.rs`), as tokens.
pub fn module_tokens(iface: &Interface) -> TokenStream {
    let mut d = doc_lines(&format!(
        "{} ({}): {} {}, {}.",
        iface.title, iface.name, iface.spec.document, iface.spec.revision, iface.spec.title
    ));
    d.push(String::new());
    d.extend(doc_lines(&format!(
        "Generated by `{REGENERATE}` from {}; do not edit. SMCCC owner {}, {} calls, SMC{}, \
         function numbers {:#x}..={:#x}. Source: {}.",
        iface.file,
        iface.owner,
        if iface.call_type == model::CallType::Fast {
            "fast"
        } else {
            "yielding"
        },
        iface.width,
        iface.first_number,
        iface.last_number,
        iface.source
    )));
    let inner: TokenStream = d
        .iter()
        .map(|l| {
            let t = format!(" {l}");
            quote!(#![doc = #t])
        })
        .collect();
    let owner = Literal::u8_unsuffixed(iface.owner);
    let rev = revision_tokens(iface.revision);
    let items = [
        functions_enum(iface),
        return_codes(iface),
        enums(iface),
        bitfields(iface),
        versions(iface),
        structs(iface),
        marshalling(iface),
        queries(iface),
    ];
    quote! {
        #inner
        /// The SMCCC owning entity number of these calls.
        pub const OWNER: u8 = #owner;
        /// The revision the stable items describe.
        pub const REVISION: crate::Revision = #rev;
        #(#items)*
    }
}

fn module(iface: &Interface) -> String {
    format_file(module_tokens(iface))
}

/// What `include_abi!` expands to at the root of a user's crate: the same
/// runtime, model host and interface modules as the generated crate, so that
/// firmware with its own ABI description needs no xtask. Errors in the
/// verbatim runtime text are reported, not panicked on.
pub fn crate_items(model: &Model) -> Result<TokenStream, String> {
    let runtime: TokenStream = RUNTIME
        .parse()
        .map_err(|e| format!("templates/rust/runtime.rs does not lex: {e}"))?;
    let host: TokenStream = MODEL_HOST
        .parse()
        .map_err(|e| format!("templates/rust/model_host.rs does not lex: {e}"))?;
    let mods = model.interfaces.iter().map(|i| {
        let m = ident(&i.name.to_ascii_lowercase());
        let body = module_tokens(i);
        quote!(pub mod #m { #body })
    });
    Ok(quote! {
        mod runtime { #runtime }
        /// A model RMM and host for tests and examples.
        pub mod model_host { #host }
        #(#mods)*
        pub use runtime::{Conduit, DecodeError, QueryError, Revision, Status, Step, UnknownFunction};
        #[cfg(target_arch = "aarch64")]
        pub use runtime::Smc;
    })
}

/// Format tokens as a file, as the generated crate is written.
pub fn format_tokens(tokens: TokenStream) -> String {
    format_file(tokens)
}

fn format_file(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens) {
        Ok(f) => prettyplease::unparse(&f),
        Err(e) => format!("compile_error!({:?});\n", e.to_string()),
    }
}

fn header_comment() -> String {
    format!("// Generated by `{REGENERATE}`; do not edit.\n")
}

fn lib_rs(model: &Model) -> String {
    let mods = model.interfaces.iter().map(|i| {
        let m = ident(&i.name.to_ascii_lowercase());
        let doc = format!(" {} ({} {}).", i.title, i.spec.document, i.spec.revision);
        quote!(#[doc = #doc] pub mod #m;)
    });
    let specs: Vec<String> = model
        .interfaces
        .iter()
        .map(|i| {
            format!(
                "- [`{}`]: {} ({} {}, {})",
                i.name.to_ascii_lowercase(),
                i.title,
                i.spec.document,
                i.spec.revision,
                i.spec.title
            )
        })
        .collect();
    let mut d = vec![
        "The Arm CCA guest ABIs for `no_std` firmware and guests, from one description."
            .to_string(),
        String::new(),
    ];
    d.extend(specs);
    d.push(String::new());
    d.extend(doc_lines(&format!(
        "Generated by `{REGENERATE}` from {}; do not edit. Each interface module has its function \
         identifiers, return codes, enums, bit fields, structs (with compile-time layout checks), \
         register marshalling per function and the guest query routines. Calls go through a \
         [`Conduit`]: `Smc` on aarch64, or [`model_host::ModelHost`] for tests.",
        super::inputs(model).join(", ")
    )));
    d.push(String::new());
    d.extend(CRATE_EXAMPLE.lines().map(str::to_string));
    let inner: TokenStream = d
        .iter()
        .map(|l| {
            let t = format!(" {l}");
            quote!(#![doc = #t])
        })
        .collect();
    let smc_doc = " The `smc` conduit is only built for aarch64.";
    let file = quote! {
        #inner
        #![no_std]
        #![forbid(unsafe_code)]

        mod runtime;
        /// A model RMM and host for tests and examples.
        pub mod model_host;
        #(#mods)*

        pub use runtime::{Conduit, DecodeError, QueryError, Revision, Status, Step, UnknownFunction};
        #[doc = #smc_doc]
        #[cfg(target_arch = "aarch64")]
        pub use runtime::Smc;
    };
    format_file(file)
}

fn cargo_toml(model: &Model) -> String {
    format!(
        "# Generated by `{REGENERATE}` from {}; do not edit.\n\
[package]\n\
name = \"{CRATE}\"\n\
version = \"0.1.0\"\n\
description = \"Arm CCA guest ABIs (RSI, RHI) for no_std firmware and guests\"\n\
edition = \"2024\"\n\
rust-version = \"1.89\"\n\
license = \"MIT OR Apache-2.0\"\n\
publish = false\n\
\n\
[lib]\n\
path = \"src/lib.rs\"\n\
\n\
# `cargo test` also runs the hostile-host table through this example.\n\
[[example]]\n\
name = \"hostile\"\n\
test = true\n\
\n\
[target.'cfg(target_arch = \"aarch64\")'.dependencies]\n\
smccc = \"0.2\"\n\
\n\
[dev-dependencies]\n\
proptest = \"1\"\n\
serde = {{ version = \"1\", features = [\"derive\"] }}\n\
serde-saphyr = \"2.2\"\n",
        super::inputs(model).join(", ")
    )
}

fn probe_example(model: &Model) -> String {
    let mut lines = Vec::new();
    for i in &model.interfaces {
        let m = ident(&i.name.to_ascii_lowercase());
        for f in &i.functions {
            let c = ident(&f.name);
            let label = format!("fid {}", f.name);
            lines.push(quote!(p(#label, #m::#c);));
        }
        if let Some(rc) = &i.return_codes {
            for v in &rc.values {
                let c = ident(&v.name);
                let label = format!("code {}", v.name);
                lines.push(quote!(p(#label, #m::#c);));
            }
        }
        for e in &i.enums {
            for v in &e.values {
                let c = ident(&v.name);
                let label = format!("value {}", v.name);
                lines.push(quote!(p(#label, #m::#c);));
            }
        }
        for v in &i.versions {
            let c = ident(&v.name);
            let label = format!("version {}", v.name);
            lines.push(quote!(p(#label, #m::#c.bits());));
        }
        for b in &i.bitfields {
            let t = ident(&b.name);
            for f in b.fields.iter().filter(|f| !f.reserved) {
                let Some(n) = &f.name else { continue };
                let up = n.to_ascii_uppercase();
                for (kind, suffix) in [("shift", "SHIFT"), ("width", "WIDTH"), ("mask", "MASK")] {
                    let c = format_ident!("{}_{}", up, suffix);
                    let label = format!("{kind} {}.{n}", b.name);
                    lines.push(quote!(p(#label, #m::#t::#c);));
                }
            }
        }
        for s in &i.structs {
            let t = ident(&s.name);
            let l1 = format!("size {}", s.name);
            let l2 = format!("align {}", s.name);
            lines.push(quote!(p(#l1, core::mem::size_of::<#m::#t>() as u64);));
            lines.push(quote!(p(#l2, core::mem::align_of::<#m::#t>() as u64);));
            for mem in &s.members {
                let f = ident(&mem.name);
                let l = format!("offset {}.{}", s.name, mem.name);
                lines.push(quote!(p(#l, core::mem::offset_of!(#m::#t, #f) as u64);));
            }
        }
    }
    let file = quote! {
        //! Prints every constant and every struct layout of the crate as
        //! `label value` lines; `cargo xtask c-test` compares them with the
        //! same labels printed by the compiled C headers.
        use cca_abi::*;
        fn p(label: &str, value: impl Into<u64>) {
            println!("{label} {}", value.into());
        }
        fn main() {
            #(#lines)*
        }
    };
    format_file(file)
}

/// A proptest strategy expression for a value type.
fn strategy(ty: &TypeRef, iface: &Interface) -> TokenStream {
    let m = ident(&iface.name.to_ascii_lowercase());
    match ty {
        TypeRef::U8 => quote!(any::<u8>()),
        TypeRef::U16 => quote!(any::<u16>()),
        TypeRef::U32 => quote!(any::<u32>()),
        TypeRef::U64 | TypeRef::Address => quote!(any::<u64>()),
        TypeRef::ReturnCode(n) => {
            let t = ident(n);
            quote!(any::<u64>().prop_map(#m::#t::from_raw))
        }
        TypeRef::Enum(n) => {
            let t = ident(n);
            quote!(proptest::sample::select(#m::#t::ALL))
        }
        TypeRef::Bitfield(n) => {
            let f = format_ident!("{}", crate::emit::c::snake(n));
            quote!(#f())
        }
    }
}

fn roundtrip_tests(model: &Model) -> String {
    let mut items = Vec::new();
    for iface in &model.interfaces {
        let m = ident(&iface.name.to_ascii_lowercase());
        // One strategy function per bit-field type: random plain fields, valid enum fields.
        for b in &iface.bitfields {
            let t = ident(&b.name);
            let f = format_ident!("{}", crate::emit::c::snake(&b.name));
            let fields: Vec<&model::Field> = b
                .fields
                .iter()
                .filter(|x| !x.reserved && x.name.is_some())
                .collect();
            let names: Vec<proc_macro2::Ident> =
                (0..fields.len()).map(|i| format_ident!("f{}", i)).collect();
            let strategies: Vec<TokenStream> = fields
                .iter()
                .map(|x| match &x.ty {
                    Some(et) => {
                        let et = ident(et);
                        quote!(proptest::sample::select(#m::#et::ALL))
                    }
                    None => {
                        let vt = uint_for(x.width());
                        quote!(any::<#vt>())
                    }
                })
                .collect();
            let setters = fields.iter().zip(&names).map(|(x, n)| {
                let set = format_ident!(
                    "with_{}",
                    x.name.as_deref().unwrap_or_default().to_ascii_lowercase()
                );
                quote!(.#set(#n))
            });
            // Every field through its setter, in tuples of at most six.
            let pats = names.chunks(6).map(|n| quote!((#(#n,)*)));
            let strats = strategies.chunks(6).map(|st| quote!((#(#st,)*)));
            let test = format_ident!("{}_bits", crate::emit::c::snake(&b.name));
            items.push(quote! {
                proptest! {
                    #![proptest_config(config())]
                    #[test]
                    fn #test(value in #f()) {
                        prop_assert_eq!(#m::#t::from_bits(value.bits()), Ok(value));
                    }
                }
            });
            items.push(quote! {
                fn #f() -> impl Strategy<Value = #m::#t> {
                    (#(#strats,)*).prop_map(|(#(#pats,)*)| #m::#t::new() #(#setters)*)
                }
            });
        }
        let host = iface.transport == model::Transport::HostCall;
        let (to_fn, from_fn) = if host {
            (format_ident!("to_gprs"), format_ident!("from_gprs"))
        } else {
            (format_ident!("to_regs"), format_ident!("from_regs"))
        };
        for f in &iface.functions {
            let base = camel(
                f.name
                    .strip_prefix(&format!("{}_", iface.name))
                    .unwrap_or(&f.name),
            );
            for (values, suffix) in [(&f.inputs, "Request"), (&f.outputs, "Response")] {
                let ty = format_ident!("{}{}", base, suffix);
                let test = format_ident!(
                    "{}_{}_{}",
                    iface.name.to_ascii_lowercase(),
                    crate::emit::c::snake(&base),
                    suffix.to_ascii_lowercase()
                );
                let names: Vec<proc_macro2::Ident> =
                    values.iter().map(|v| ident(&v.name)).collect();
                let strats: Vec<TokenStream> =
                    values.iter().map(|v| strategy(&v.ty, iface)).collect();
                // Arguments in groups of six, as tuples.
                let args: Vec<TokenStream> = names
                    .chunks(6)
                    .zip(strats.chunks(6))
                    .map(|(n, st)| quote!((#(#n,)*) in (#(#st,)*)))
                    .collect();
                let body = quote! {
                    let value = #m::#ty { #(#names),* };
                    prop_assert_eq!(#m::#ty::#from_fn(&value.#to_fn()), Ok(value));
                };
                if values.is_empty() {
                    items.push(quote! {
                        #[test]
                        fn #test() {
                            let value = #m::#ty {};
                            assert_eq!(#m::#ty::#from_fn(&value.#to_fn()), Ok(value));
                        }
                    });
                } else {
                    items.push(quote! {
                        proptest! {
                            #![proptest_config(config())]
                            #[test]
                            fn #test(#(#args),*) { #body }
                        }
                    });
                }
            }
        }
    }
    let file = quote! {
        //! Register round trips: every bit-field value, and for every function a
        //! request and a response, encode to bits and decode back to themselves.
        use cca_abi::*;
        use proptest::prelude::*;
        use proptest::test_runner::Config;
        /// Failures are reported, never written beside the generated sources.
        fn config() -> Config {
            Config { failure_persistence: None, ..Config::default() }
        }
        #(#items)*
    };
    format_file(file)
}

/// Every file of the crate, paths under `rust/`.
pub fn files(model: &Model) -> Vec<File> {
    let header = header_comment();
    let mut out = vec![
        File {
            path: format!("{ROOT}/Cargo.toml"),
            contents: cargo_toml(model),
        },
        File {
            path: format!("{ROOT}/rustfmt.toml"),
            contents: format!(
                "# Generated by `{REGENERATE}`; do not edit.\n\
                 # The crate is formatted by prettyplease when it is generated; rustfmt leaves it be.\n\
                 disable_all_formatting = true\n"
            ),
        },
        File {
            path: format!("{ROOT}/src/lib.rs"),
            contents: format!("{header}\n{}", lib_rs(model)),
        },
        File {
            path: format!("{ROOT}/src/runtime.rs"),
            contents: format!(
                "{header}// Copied verbatim from templates/rust/runtime.rs.\n\n{RUNTIME}"
            ),
        },
        File {
            path: format!("{ROOT}/src/model_host.rs"),
            contents: format!(
                "{header}// Copied verbatim from templates/rust/model_host.rs.\n\n{MODEL_HOST}"
            ),
        },
        File {
            path: format!("{ROOT}/examples/hostile.rs"),
            contents: format!(
                "{header}// Copied verbatim from templates/rust/hostile.rs.\n\n{HOSTILE_EXAMPLE}"
            ),
        },
        File {
            path: format!("{ROOT}/examples/probe.rs"),
            contents: format!("{header}\n{}", probe_example(model)),
        },
        File {
            path: format!("{ROOT}/tests/roundtrip.rs"),
            contents: format!("{header}\n{}", roundtrip_tests(model)),
        },
    ];
    for i in &model.interfaces {
        out.push(File {
            path: format!("{ROOT}/src/{}.rs", i.name.to_ascii_lowercase()),
            contents: format!("{header}\n{}", module(i)),
        });
    }
    out
}
