//! Emits an interface's value enums: checked decoding, the list of values,
//! and one register constant per value.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::names::{doc_lines, docs, growing, ident, lit_u64, source_doc, uint_for, variants};
use crate::model::{Enum, Interface, Status};

/// Every enum of an interface, in declared order.
pub(super) fn enums(iface: &Interface) -> TokenStream {
    let prefix = iface.prefix();
    iface
        .enums
        .iter()
        .map(|e| enum_tokens(e, &prefix))
        .collect()
}

/// One enum; `prefix` (`RSI_`) is left out of its variant names.
fn enum_tokens(e: &Enum, prefix: &str) -> TokenStream {
    let name = ident(&e.name);
    let names: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
    let vars: Vec<Ident> = variants(&names, prefix).iter().map(|v| ident(v)).collect();
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
    let growing = growing(e.values.iter().map(|v| v.status).chain([e.status]));
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #growing
        #[repr(#repr)]
        pub enum #name { #(#decl)* }
        impl #name {
            /// Every value, in declared order.
            pub const ALL: &'static [Self] = &[#(Self::#vars),*];
            /// The register bits.
            pub const fn raw(self) -> u64 { self as u64 }
            /// Decode the register bits; an unknown value is an error.
            pub const fn from_raw(raw: u64) -> Result<Self, super::DecodeError> {
                match raw {
                    #(#from)*
                    value => Err(super::DecodeError::UnknownValue { type_name: #tn, value }),
                }
            }
        }
        impl TryFrom<u64> for #name {
            type Error = super::DecodeError;
            fn try_from(raw: u64) -> Result<Self, super::DecodeError> { Self::from_raw(raw) }
        }
        impl From<#name> for u64 { fn from(v: #name) -> u64 { v.raw() } }
        #(#consts)*
    }
}
