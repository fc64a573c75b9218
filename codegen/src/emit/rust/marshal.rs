//! Emits register marshalling: per function a request and a response type
//! that encode into and decode out of the register array. The codec of one
//! register value is shared with `#[derive(AbiCall)]` in `macros/`.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::names::{
    cast, doc_lines, docs, fid_variant, function_camel, ident, lit_u64, value_type,
};
use crate::model::{self, Interface, Reg, TypeRef};

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
    field: &Ident,
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

/// The register array of an interface's transport: the names of the encode
/// and decode functions, its length, and how docs name it.
struct Regs {
    to_fn: Ident,
    from_fn: Ident,
    len: Literal,
    doc: &'static str,
}

/// The register array `iface`'s calls go through.
fn regs(iface: &Interface) -> Regs {
    let host = iface.transport == model::Transport::HostCall;
    let len = Literal::usize_unsuffixed(if host { 31 } else { 18 });
    if host {
        Regs {
            to_fn: format_ident!("to_gprs"),
            from_fn: format_ident!("from_gprs"),
            len,
            doc: "`RsiHostCall.gprs` (`gprs[0]` carries the function identifier in a request)",
        }
    } else {
        Regs {
            to_fn: format_ident!("to_regs"),
            from_fn: format_ident!("from_regs"),
            len,
            doc: "X0-X17 (X0 carries the function identifier in a request)",
        }
    }
}

/// The request and response types of every function of an interface.
pub(super) fn marshalling(iface: &Interface) -> TokenStream {
    let regs = regs(iface);
    let mut out = TokenStream::new();
    for f in &iface.functions {
        for (values, is_req) in [(&f.inputs, true), (&f.outputs, false)] {
            out.extend(message(f, iface, values, is_req, &regs));
        }
    }
    out
}

/// The request (`is_req`) or response type of `f`: one field per value, and
/// its encoding into and decoding out of `regs`.
fn message(
    f: &model::Function,
    iface: &Interface,
    values: &[model::RegValue],
    is_req: bool,
    regs: &Regs,
) -> TokenStream {
    let fv = fid_variant(f, iface);
    let base = function_camel(f, iface);
    let ty = format_ident!("{}{}", base, if is_req { "Request" } else { "Response" });
    let fields = values.iter().map(|v| value_field(v, iface));
    let (enc, dec): (Vec<TokenStream>, Vec<TokenStream>) =
        values.iter().map(|v| value_codec(v, iface)).unzip();
    let names: Vec<Ident> = values.iter().map(|v| ident(&v.name)).collect();
    let checks = reserved_checks(values, &ty.to_string(), &quote!(crate));
    let (fid_set, fid_check) = if is_req {
        fid_codec(&fv)
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let what = if is_req { "arguments" } else { "results" };
    let d = vec![format!(
        "The {what} of [`FunctionId::{fv}`] (`{}`), in {}.",
        f.name, regs.doc
    )];
    let doc = docs(&d);
    // A response with no values neither writes nor reads a register.
    let (mutability, unused, regs_unused) = if values.is_empty() && !is_req {
        (quote!(), quote!(let _ = self;), quote!(let _ = regs;))
    } else {
        (quote!(mut), TokenStream::new(), TokenStream::new())
    };
    let Regs {
        to_fn,
        from_fn,
        len: n,
        ..
    } = regs;
    let bytes = byte_accessors(values);
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct #ty { #(#fields)* }
        impl #ty {
            #bytes
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
                #(#checks)*
                #(#dec)*
                Ok(Self { #(#names),* })
            }
        }
    }
}

/// Runs of whole-register `u64` values named `base_0`, `base_1`, … (a
/// measurement or a challenge spread over registers), with their base name.
pub(super) fn byte_runs(values: &[model::RegValue]) -> Vec<(&str, Vec<&model::RegValue>)> {
    let mut runs: Vec<(&str, Vec<&model::RegValue>)> = Vec::new();
    for v in values {
        let whole = v.ty == TypeRef::U64 && (v.hi, v.lo) == (63, 0);
        let Some((base, n)) = v.name.rsplit_once('_') else {
            continue;
        };
        let Ok(n) = n.parse::<usize>() else { continue };
        match runs.last_mut() {
            Some((b, run)) if whole && *b == base && run.len() == n => run.push(v),
            _ if whole && n == 0 => runs.push((base, vec![v])),
            _ => {}
        }
    }
    runs.retain(|(_, run)| run.len() >= 2);
    runs
}

/// `base_bytes()` and `set_base_bytes()` for every run of [`byte_runs`]: the
/// value as the specification lays it out, byte 0 in the low byte of the
/// first register.
fn byte_accessors(values: &[model::RegValue]) -> TokenStream {
    let mut out = TokenStream::new();
    for (base, run) in byte_runs(values) {
        let n = Literal::usize_unsuffixed(run.len() * 8);
        let get = format_ident!("{}_bytes", base);
        let set = format_ident!("set_{}_bytes", base);
        let fields: Vec<Ident> = run.iter().map(|v| ident(&v.name)).collect();
        let lo: Vec<Literal> = (0..run.len())
            .map(|i| Literal::usize_unsuffixed(i * 8))
            .collect();
        let hi: Vec<Literal> = (0..run.len())
            .map(|i| Literal::usize_unsuffixed(i * 8 + 8))
            .collect();
        let (dg, ds) = (
            format!(
                " `{base}_0`..`{base}_{}` as {} bytes, byte 0 first.",
                run.len() - 1,
                run.len() * 8
            ),
            format!(
                " Set `{base}_0`..`{base}_{}` from {} bytes, byte 0 first.",
                run.len() - 1,
                run.len() * 8
            ),
        );
        out.extend(quote! {
            #[doc = #dg]
            pub fn #get(&self) -> [u8; #n] {
                let mut out = [0u8; #n];
                #( out[#lo..#hi].copy_from_slice(&self.#fields.to_le_bytes()); )*
                out
            }
            #[doc = #ds]
            pub fn #set(&mut self, bytes: &[u8; #n]) {
                let word = |lo: usize| {
                    let mut w = [0u8; 8];
                    w.copy_from_slice(&bytes[lo..lo + 8]);
                    u64::from_le_bytes(w)
                };
                #( self.#fields = word(#lo); )*
            }
        });
    }
    out
}

/// The field of one register value, `pub name: type,`, documented with the
/// register and bits that carry it.
fn value_field(v: &model::RegValue, iface: &Interface) -> TokenStream {
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
}

/// A request's function identifier in register 0: how it is encoded, and the
/// check that decoding makes.
fn fid_codec(fv: &Ident) -> (TokenStream, TokenStream) {
    let set = quote!(regs[0] = u64::from(FunctionId::#fv.fid()););
    let check = quote! {
        if regs[0] != u64::from(FunctionId::#fv.fid()) {
            return Err(crate::DecodeError::WrongFunction { expected: FunctionId::#fv.fid(), found: regs[0] });
        }
    };
    (set, check)
}
