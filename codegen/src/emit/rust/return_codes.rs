//! Emits an interface's return-code enum: total decoding (an unknown value
//! is kept, never a panic) and one register constant per code.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::names::{camel, doc_lines, docs, growing, ident, lit_u64};
use crate::model::{Interface, Status};

/// The return-code type of an interface; nothing when it has none.
pub(super) fn return_codes(iface: &Interface) -> TokenStream {
    let Some(rc) = &iface.return_codes else {
        return TokenStream::new();
    };
    let name = ident(&rc.name);
    let names: Vec<&str> = rc.values.iter().map(|v| v.name.as_str()).collect();
    let prefix = iface.prefix();
    let vars: Vec<Ident> = names
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
    let growing = growing(rc.values.iter().map(|v| v.status));
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #growing
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
