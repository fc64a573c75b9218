//! Emits an interface's bit-field types: per field a shift, width and mask
//! constant and a getter and setter, and decoding that rejects reserved bits
//! and unknown enum values.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::names::{
    cast, cast_p, doc_lines, docs, field_accessor, ident, lit_u64, plain_field_type, source_doc,
    uint_for, variants,
};
use crate::model::{self, Bitfield, Field, Interface, Ref};

/// Every bit-field type of an interface, in declared order.
pub(super) fn bitfields(iface: &Interface) -> TokenStream {
    iface.bitfields.iter().map(|b| bitfield(iface, b)).collect()
}

/// `Debug` by field: each field's decoded value, not the raw number.
fn debug_impl(b: &Bitfield) -> TokenStream {
    let name = ident(&b.name);
    let tn = &b.name;
    let fields = b.fields.iter().filter(|f| !f.reserved).filter_map(|f| {
        let (getter, _) = field_accessor(f.name.as_deref()?);
        let g = ident(&getter);
        Some(quote!(.field(#getter, &self.#g())))
    });
    quote! {
        impl core::fmt::Debug for #name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(#tn) #(#fields)* .finish()
            }
        }
    }
}

/// One bit-field type, a transparent wrapper of the integer that stores it.
fn bitfield(iface: &Interface, b: &Bitfield) -> TokenStream {
    let name = ident(&b.name);
    let repr = uint_for(b.width);
    let tn = &b.name;
    let reserved_lit = lit_u64(b.reserved_mask());
    let mut items = Vec::new();
    let mut checks = Vec::new();
    for f in b.fields.iter().filter(|f| !f.reserved) {
        let Some(fname) = &f.name else { continue };
        let (item, check) = field(iface, b, f, fname);
        items.push(item);
        checks.extend(check);
    }
    let reserved_bits = cast(quote!(bits & Self::RESERVED_MASK), b.width, 64);
    // A feature register with flags alone keeps the bits a later revision
    // may define: a guest reads the flags it knows and ignores the rest.
    let discovery = model::storage_bits(b.width) == 64
        && checks.is_empty()
        && iface.features.iter().any(|ft| ft.register == b.name);
    let (register_doc, from_register) = if discovery {
        (
            quote! {
                /// Decode a feature register: bits this revision reserves are
                /// kept, not refused, as a later revision may define them; the
                /// accessors read the flags this revision defines.
            },
            quote!(Ok(Self(raw))),
        )
    } else {
        (
            quote!(#[doc = " Decode a register: bits above the type's width are reserved too."]),
            from_register(b),
        )
    };
    let mut d = doc_lines(&format!(
        "{} ({} bits){}",
        b.name,
        b.width,
        b.doc.as_ref().map(|d| format!(": {d}")).unwrap_or_default()
    ));
    d.extend(source_doc(&b.source, b.status, b.since));
    let doc = docs(&d);
    let debug = debug_impl(b);
    quote! {
        #doc
        #[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
        #[repr(transparent)]
        pub struct #name(#repr);
        #debug
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
            pub const fn from_bits(bits: #repr) -> Result<Self, super::DecodeError> {
                if bits & Self::RESERVED_MASK != 0 {
                    return Err(super::DecodeError::ReservedBits { type_name: #tn, bits: #reserved_bits });
                }
                #(#checks)*
                Ok(Self(bits))
            }
            #register_doc
            pub const fn from_register(raw: u64) -> Result<Self, super::DecodeError> {
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
            return Err(super::DecodeError::ReservedBits { type_name: #tn, bits: raw & !(#repr::MAX as u64) });
        }
        Self::from_bits(bits)
    }
}

/// The identifiers of one field's accessors and of the constants they use.
struct FieldNames {
    getter: Ident,
    setter: Ident,
    /// `#[doc(alias = "SPEC_NAME")]` when the accessor drops a `get_`.
    alias: TokenStream,
    shift: Ident,
    mask: Ident,
}

/// One named field, `fname`, of `b`: its constants and accessors, and for an
/// enum field the check `from_bits` makes.
fn field(
    iface: &Interface,
    b: &Bitfield,
    f: &Field,
    fname: &str,
) -> (TokenStream, Option<TokenStream>) {
    let repr = uint_for(b.width);
    let up = fname.to_ascii_uppercase();
    let (accessor, alias) = field_accessor(fname);
    let names = FieldNames {
        getter: ident(&accessor),
        setter: format_ident!("with_{}", accessor),
        alias: alias.map_or_else(TokenStream::new, |a| quote!(#[doc(alias = #a)])),
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
            let (accessors, check) = enum_accessors(iface, b, en, &names, &docs(&d));
            (accessors, Some(check))
        }
        None => (plain_accessors(b, f, &names, &d), None),
    };
    (quote!(#consts #accessors), check)
}

/// The variant of enum `en` whose value is 0, the value of a new bit field.
fn zero_variant(iface: &Interface, en: &Ref) -> Option<Ident> {
    let e = iface.enum_of(en);
    let names: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
    let prefix = iface.prefix();
    let at = e.values.iter().position(|v| v.value == 0)?;
    variants(&names, &prefix).get(at).map(|v| ident(v))
}

/// The getter and setter of a field holding enum `en`, and the check that
/// the field holds a known value. Every way to make the type (`new`, with
/// the enum's 0; `from_bits`, checked; the typed setters) keeps the field
/// valid, so the getter cannot fail where the enum has a 0.
fn enum_accessors(
    iface: &Interface,
    b: &Bitfield,
    en: &Ref,
    names: &FieldNames,
    doc: &TokenStream,
) -> (TokenStream, TokenStream) {
    let FieldNames {
        getter,
        setter,
        alias,
        shift: shift_c,
        mask: mask_c,
    } = names;
    let et = ident(&en.name);
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
    let getter_fn = match zero_variant(iface, en) {
        Some(zero) => quote! {
            #doc #alias
            pub const fn #getter(self) -> #et {
                match #et::from_raw(#get) {
                    Ok(v) => v,
                    // Not reached: construction keeps the field a known value.
                    Err(_) => #et::#zero,
                }
            }
        },
        None => quote! {
            #doc #alias
            pub const fn #getter(self) -> Result<#et, super::DecodeError> {
                #et::from_raw(#get)
            }
        },
    };
    let accessors = quote! {
        #getter_fn
        #doc #alias
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

/// The getter and setter of an integer field (`bool` for one bit); `d` is
/// the field's doc.
fn plain_accessors(b: &Bitfield, f: &Field, names: &FieldNames, d: &[String]) -> TokenStream {
    let FieldNames {
        getter,
        setter,
        alias,
        shift: shift_c,
        mask: mask_c,
    } = names;
    let doc = docs(d);
    if f.width() == 1 {
        return quote! {
            #doc #alias
            pub const fn #getter(self) -> bool {
                self.0 & Self::#mask_c != 0
            }
            #doc #alias
            pub const fn #setter(self, value: bool) -> Self {
                if value { Self(self.0 | Self::#mask_c) } else { Self(self.0 & !Self::#mask_c) }
            }
        };
    }
    let vt = plain_field_type(f.width());
    let set_doc = {
        let mut d = d.to_vec();
        d.push(String::new());
        d.push(format!(
            "Only the low {} bits of `value` are kept.",
            f.width()
        ));
        docs(&d)
    };
    let get = cast(
        quote!((self.0 & Self::#mask_c) >> Self::#shift_c),
        b.width,
        f.width(),
    );
    let set = cast_p(quote!(value), f.width(), b.width);
    quote! {
        #doc #alias
        pub const fn #getter(self) -> #vt {
            #get
        }
        #set_doc #alias
        pub const fn #setter(self, value: #vt) -> Self {
            Self((self.0 & !Self::#mask_c) | ((#set << Self::#shift_c) & Self::#mask_c))
        }
    }
}
