//! Emits an interface's `FunctionId` enum, its conversions, and one
//! function-identifier constant per function.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::names::{
    doc_lines, docs, fid_variant, growing, ident, revision_tokens, source_doc, status_tokens,
};
use crate::model::{self, Interface};

/// The `FunctionId` enum of an interface, its impls and the fid constants.
pub(super) fn functions_enum(iface: &Interface) -> TokenStream {
    let variants: Vec<TokenStream> = iface.functions.iter().map(|f| variant(f, iface)).collect();
    let title = format!(
        " The functions of the {}, by function identifier.",
        iface.title
    );
    let impls = impls(iface);
    let consts = fid_consts(iface);
    let growing = growing(iface.functions.iter().map(|f| f.status));
    quote! {
        #[doc = #title]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #growing
        #[repr(u32)]
        pub enum FunctionId { #(#variants)* }

        #impls

        #(#consts)*
    }
}

/// One documented variant, `Name = 0xC400_0190,`.
fn variant(f: &model::Function, iface: &Interface) -> TokenStream {
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
}

/// The accessors of `FunctionId` and its conversions from register values.
fn impls(iface: &Interface) -> TokenStream {
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
    // `Self::A | Self::B => value,` for the functions of each value, in
    // the order values first appear: as long as the list of values.
    let grouped = |value: &dyn Fn(&model::Function) -> TokenStream| -> Vec<TokenStream> {
        let mut groups: Vec<(String, TokenStream, Vec<Ident>)> = Vec::new();
        for f in &iface.functions {
            let x = value(f);
            let key = x.to_string();
            let v = fid_variant(f, iface);
            match groups.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, _, vs)) => vs.push(v),
                None => groups.push((key, x, vec![v])),
            }
        }
        groups
            .into_iter()
            .map(|(_, x, vs)| quote!(#(Self::#vs)|* => #x,))
            .collect()
    };
    let arms_since = grouped(&|f| revision_tokens(f.since));
    let arms_status = grouped(&|f| status_tokens(f.status));
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
    quote! {
        impl FunctionId {
            /// The SMCCC function identifier.
            pub const fn fid(self) -> u32 { self as u32 }
            /// The name in the specification.
            pub const fn name(self) -> &'static str { match self { #(#arms_name)* } }
            /// The first interface revision with this function.
            pub const fn since(self) -> super::Revision { match self { #(#arms_since)* } }
            /// Whether the function is stable, a draft, or deprecated.
            pub const fn status(self) -> super::Status { match self { #(#arms_status)* } }
        }

        impl TryFrom<u32> for FunctionId {
            type Error = super::UnknownFunction;
            fn try_from(fid: u32) -> Result<Self, super::UnknownFunction> {
                match fid {
                    #(#arms_from)*
                    _ => Err(super::UnknownFunction(u64::from(fid))),
                }
            }
        }

        impl TryFrom<u64> for FunctionId {
            type Error = super::UnknownFunction;
            fn try_from(raw: u64) -> Result<Self, super::UnknownFunction> {
                u32::try_from(raw)
                    .map_err(|_| super::UnknownFunction(raw))
                    .and_then(|fid| Self::try_from(fid).map_err(|_| super::UnknownFunction(raw)))
            }
        }
    }
}

/// `pub const RSI_VERSION: u32 = FunctionId::Version as u32;` for every function.
fn fid_consts(iface: &Interface) -> Vec<TokenStream> {
    iface
        .functions
        .iter()
        .map(|f| {
            let c = ident(&f.name);
            let v = fid_variant(f, iface);
            let doc = format!(" The function identifier of `{}`.", f.name);
            quote!(#[doc = #doc] pub const #c: u32 = FunctionId::#v as u32;)
        })
        .collect()
}
