//! Emits an interface's memory structs: `#[repr(C)]` types with a zeroed
//! constructor and compile-time checks of their size, alignment and offsets.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ZeroCopy;
use super::names::{doc_lines, docs, ident, lit_u64, source_doc, uint_for};
use crate::model::{Interface, Member, Struct, TypeRef};

/// Every struct of an interface, in declared order.
pub(super) fn structs(iface: &Interface, zc: ZeroCopy) -> TokenStream {
    iface
        .structs
        .iter()
        .map(|s| struct_tokens(s, iface, zc))
        .collect()
}

/// zerocopy's derives, as `zc` asks.
fn zerocopy_derives(zc: ZeroCopy) -> TokenStream {
    let derives = quote!(
        zerocopy::FromBytes,
        zerocopy::IntoBytes,
        zerocopy::KnownLayout,
        zerocopy::Immutable
    );
    match zc {
        ZeroCopy::Feature => quote!(#[cfg_attr(feature = "zerocopy", derive(#derives))]),
        ZeroCopy::On => quote!(#[derive(#derives)]),
        ZeroCopy::Off => TokenStream::new(),
    }
}

/// One struct, its `zeroed` constructor and its layout checks.
fn struct_tokens(s: &Struct, iface: &Interface, zc: ZeroCopy) -> TokenStream {
    let name = ident(&s.name);
    let align = Literal::u64_unsuffixed(s.align);
    let size = lit_u64(s.size);
    let fields = s.members.iter().map(|m| member(m, iface));
    let zeros = s.members.iter().map(zero);
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
    let zc = zerocopy_derives(zc);
    // A granule-sized structure is not `Copy`: a copy would be silent and large.
    let copy = if s.size < 0x1000 {
        quote!(Copy,)
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #[derive(Clone, #copy Debug, PartialEq, Eq)]
        #zc
        #[repr(C, align(#align))]
        pub struct #name { #(#fields)* }
        impl #name {
            /// Every byte zero, reserved ranges included.
            pub const fn zeroed() -> Self { Self { #(#zeros)* } }
        }
        const _: () = if core::mem::size_of::<#name>() != #size { panic!(#size_msg) };
        const _: () = if core::mem::align_of::<#name>() != #align { panic!(#align_msg) };
        #(#offs)*
    }
}

/// The declaration of one member, `pub name: type,`, with its docs.
fn member(m: &Member, iface: &Interface) -> TokenStream {
    let f = ident(&m.name);
    let elem = match &m.ty {
        Some(TypeRef::Struct(n)) => {
            let n = ident(&n.name);
            quote!(#n)
        }
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
}

/// The zero value of one member, `name: 0,` or `name: [0; N],`.
fn zero(m: &Member) -> TokenStream {
    let f = ident(&m.name);
    match (&m.ty, m.count) {
        (Some(TypeRef::Struct(n)), count) => {
            let n = ident(&n.name);
            match count.map(Literal::u64_unsuffixed) {
                Some(c) => quote!(#f: [const { #n::zeroed() }; #c],),
                None => quote!(#f: #n::zeroed(),),
            }
        }
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
}
