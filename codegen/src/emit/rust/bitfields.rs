//! Emits an interface's bit-field types: per field a shift, width and mask
//! constant and a getter and setter, and decoding that rejects reserved bits
//! and unknown enum values.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::names::{cast, cast_p, doc_lines, docs, ident, lit_u64, source_doc, uint_for};
use crate::model::{self, Bitfield, Field, Interface};

/// Every bit-field type of an interface, in declared order.
pub(super) fn bitfields(iface: &Interface) -> TokenStream {
    iface.bitfields.iter().map(bitfield).collect()
}

/// One bit-field type, a transparent wrapper of the integer that stores it.
fn bitfield(b: &Bitfield) -> TokenStream {
    let name = ident(&b.name);
    let repr = uint_for(b.width);
    let tn = &b.name;
    let reserved_lit = lit_u64(b.reserved_mask());
    let mut items = Vec::new();
    let mut checks = Vec::new();
    for f in b.fields.iter().filter(|f| !f.reserved) {
        let Some(fname) = &f.name else { continue };
        let (item, check) = field(b, f, fname);
        items.push(item);
        checks.extend(check);
    }
    let reserved_bits = cast(quote!(bits & Self::RESERVED_MASK), b.width, 64);
    let from_register = from_register(b);
    let mut d = doc_lines(&format!(
        "{} ({} bits){}",
        b.name,
        b.width,
        b.doc.as_ref().map(|d| format!(": {d}")).unwrap_or_default()
    ));
    d.extend(source_doc(&b.source, b.status, b.since));
    let doc = docs(&d);
    quote! {
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
    }
}

/// The body of `from_register`: a register wider than the type must have its
/// upper bits clear.
fn from_register(b: &Bitfield) -> TokenStream {
    if model::storage_bits(b.width) == 64 {
        return quote!(Self::from_bits(raw));
    }
    let repr = uint_for(b.width);
    let tn = &b.name;
    quote! {
        let bits = raw as #repr;
        if bits as u64 != raw {
            return Err(crate::DecodeError::ReservedBits { type_name: #tn, bits: raw & !(#repr::MAX as u64) });
        }
        Self::from_bits(bits)
    }
}

/// The identifiers of one field's accessors and of the constants they use.
struct FieldNames {
    getter: Ident,
    setter: Ident,
    shift: Ident,
    mask: Ident,
}

/// One named field, `fname`, of `b`: its constants and accessors, and for an
/// enum field the check `from_bits` makes.
fn field(b: &Bitfield, f: &Field, fname: &str) -> (TokenStream, Option<TokenStream>) {
    let repr = uint_for(b.width);
    let up = fname.to_ascii_uppercase();
    let lower = fname.to_ascii_lowercase();
    let names = FieldNames {
        getter: ident(&lower),
        setter: format_ident!("with_{}", lower),
        shift: format_ident!("{}_SHIFT", up),
        mask: format_ident!("{}_MASK", up),
    };
    let (shift_c, mask_c) = (&names.shift, &names.mask);
    let width_c = format_ident!("{}_WIDTH", up);
    let shift = Literal::u32_unsuffixed(u32::from(f.lo));
    let width = Literal::u32_unsuffixed(u32::from(f.width()));
    let mask = lit_u64(f.mask());
    let mut d = vec![format!("`{fname}`, bits {}:{}.", f.hi, f.lo)];
    if let Some(doc) = &f.doc {
        d = doc_lines(&format!(
            "`{fname}`, bits {}:{}: {}",
            f.hi,
            f.lo,
            doc.trim()
        ));
    }
    let (ds, dw, dm) = (
        format!(" Position of the lowest bit of `{fname}`."),
        format!(" Width of `{fname}` in bits."),
        format!(" The bits of `{fname}`."),
    );
    let consts = quote! {
        #[doc = #ds]
        pub const #shift_c: u32 = #shift;
        #[doc = #dw]
        pub const #width_c: u32 = #width;
        #[doc = #dm]
        pub const #mask_c: #repr = #mask;
    };
    let (accessors, check) = match &f.ty {
        Some(en) => {
            let (accessors, check) = enum_accessors(b, en, &names, &docs(&d));
            (accessors, Some(check))
        }
        None => (plain_accessors(b, f, &names, &d), None),
    };
    (quote!(#consts #accessors), check)
}

/// The getter and setter of a field holding enum `en`, and the check that
/// the field holds a known value.
fn enum_accessors(
    b: &Bitfield,
    en: &str,
    names: &FieldNames,
    doc: &TokenStream,
) -> (TokenStream, TokenStream) {
    let FieldNames {
        getter,
        setter,
        shift: shift_c,
        mask: mask_c,
    } = names;
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
    let accessors = quote! {
        #doc
        pub const fn #getter(self) -> Result<#et, crate::DecodeError> {
            #et::from_raw(#get)
        }
        #doc
        pub const fn #setter(self, value: #et) -> Self {
            Self((self.0 & !Self::#mask_c) | ((#set << Self::#shift_c) & Self::#mask_c))
        }
    };
    let check = quote! {
        if let Err(e) = #et::from_raw(#check) {
            return Err(e);
        }
    };
    (accessors, check)
}

/// The getter and setter of an integer field; `d` is the field's doc.
fn plain_accessors(b: &Bitfield, f: &Field, names: &FieldNames, d: &[String]) -> TokenStream {
    let FieldNames {
        getter,
        setter,
        shift: shift_c,
        mask: mask_c,
    } = names;
    let vt = uint_for(f.width());
    let doc = docs(d);
    let set_doc = {
        let mut d = d.to_vec();
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
    quote! {
        #doc
        pub const fn #getter(self) -> #vt {
            #get
        }
        #set_doc
        pub const fn #setter(self, value: #vt) -> Self {
            Self((self.0 & !Self::#mask_c) | ((#set << Self::#shift_c) & Self::#mask_c))
        }
    }
}
