//! Emits register marshalling: per function a request and a response type
//! that encode into and decode out of the register array. The codec of one
//! register value is shared with `#[derive(AbiCall)]` in `macros/`.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::names::{
    camel, cast, doc_lines, docs, fid_variant, function_camel, ident, lit_u64, value_type, variants,
};
use crate::model::{self, Interface, Reg, TypeRef};

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
    let idx = Literal::usize_unsuffixed(v.reg.index());
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
        &quote!(super),
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
        let i = v.reg.index();
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
    let len = Literal::usize_unsuffixed(iface.transport.reg_count());
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

/// How a response's register 0 is read first: a status with its success
/// variant, or a value (where only `SMCCC_RET_NOT_SUPPORTED` is special).
pub(super) enum Answer {
    /// `total`: a return code, whose decoding cannot fail (unknown codes are
    /// kept); `also`: the statuses besides success whose outputs are defined
    /// (`outputs_on:`).
    Status {
        ty: Ident,
        success: Ident,
        total: bool,
        also: Vec<Ident>,
    },
    Value,
}

/// What `f` answers in register 0: its return code, a status enum (one whose
/// 0 is a `…_SUCCESS`), or a value.
pub(super) fn answer(f: &model::Function, iface: &Interface) -> Answer {
    let Some(v) = model::status_output(&f.outputs) else {
        return Answer::Value;
    };
    let success = match &v.ty {
        TypeRef::ReturnCode(_) => (iface.return_codes.iter())
            .find_map(|rc| rc.values.iter().position(|c| c.value == 0))
            .and_then(|at| status_variant(&v.ty, at, iface)),
        TypeRef::Enum(e) => (iface.enum_of(e).values.iter())
            .position(|x| x.value == 0 && x.name.ends_with("_SUCCESS"))
            .and_then(|at| status_variant(&v.ty, at, iface)),
        _ => None,
    };
    match (success, &v.ty) {
        (Some(success), TypeRef::ReturnCode(_) | TypeRef::Enum(_)) => Answer::Status {
            ty: ident(v.ty.yaml_name()),
            success,
            total: matches!(v.ty, TypeRef::ReturnCode(_)),
            also: f
                .outputs_on
                .iter()
                .filter_map(|r| status_variant(&v.ty, r.index(), iface))
                .collect(),
        },
        _ => Answer::Value,
    }
}

/// The Rust variant of the status value at position `at` of type `ty`.
fn status_variant(ty: &TypeRef, at: usize, iface: &Interface) -> Option<Ident> {
    let prefix = iface.prefix();
    match ty {
        TypeRef::ReturnCode(_) => {
            let name = &iface.return_codes.as_ref()?.values.get(at)?.name;
            Some(ident(&camel(name.strip_prefix(&prefix).unwrap_or(name))))
        }
        TypeRef::Enum(e) => {
            let en = iface.enum_of(e);
            let names: Vec<&str> = en.values.iter().map(|x| x.name.as_str()).collect();
            variants(&names, &prefix).get(at).map(|n| ident(n))
        }
        _ => None,
    }
}

/// `from_regs` of a response: `SMCCC_RET_NOT_SUPPORTED`, then the status,
/// then the outputs (`decode_outputs`), whose errors keep the status.
fn status_first(f: &model::Function, iface: &Interface, regs: &Regs) -> TokenStream {
    let Regs {
        from_fn, len: n, ..
    } = regs;
    let (err_ty, check, status) = match answer(f, iface) {
        Answer::Status {
            ty,
            success,
            total,
            also,
        } => {
            let from = if total {
                quote!(let status = #ty::from_raw(regs[0]);)
            } else {
                quote! {
                    let status = #ty::from_raw(regs[0])
                        .map_err(|error| super::CallError::Malformed { status: None, error })?;
                }
            };
            let undefined = if also.is_empty() {
                quote!(status != #ty::#success)
            } else {
                quote!(!matches!(status, #ty::#success #(| #ty::#also)*))
            };
            (
                quote!(#ty),
                quote! {
                    #from
                    if #undefined {
                        return Err(super::CallError::Status(status));
                    }
                },
                quote!(Some(status)),
            )
        }
        Answer::Value => {
            // A value answer cannot be the identifier echoed, nor an SMCCC error.
            let fid = lit_u64(u64::from(f.fid));
            let check = quote! {
                if regs[0] == #fid {
                    return Err(super::CallError::Malformed {
                        status: None,
                        error: super::DecodeError::Echoed { fid: regs[0] },
                    });
                }
                if regs[0] >> 63 != 0 {
                    return Err(super::CallError::Malformed {
                        status: None,
                        error: super::DecodeError::SmcccError { value: regs[0] },
                    });
                }
            };
            (quote!(super::NoStatus), check, quote!(None))
        }
    };
    let kept = (!f.outputs_on.is_empty()).then(|| {
        let names: Vec<String> = f.outputs_on.iter().map(|n| format!("`{n}`")).collect();
        let doc = format!(
            " The specification defines the outputs for {} too: they are decoded, and the status is kept in the answer.",
            names.join(" and ")
        );
        quote!(#[doc = #doc])
    });
    quote! {
        /// Decode from registers, the status first: `SMCCC_RET_NOT_SUPPORTED`
        /// and any status other than success are errors that read no
        /// output (a value answer: an echoed identifier or another SMCCC
        /// error is `Malformed`); outputs that do not decode keep the status
        /// in the error.
        #kept
        pub fn #from_fn(regs: &[u64; #n]) -> Result<Self, super::CallError<#err_ty>> {
            if regs[0] == u64::MAX {
                return Err(super::CallError::NotSupported);
            }
            #check
            Self::decode_outputs(regs).map_err(|error| super::CallError::Malformed { status: #status, error })
        }
    }
}

/// The request and response types of every function of an interface, and
/// the typed call of every request that carries no address.
pub(super) fn marshalling(iface: &Interface) -> TokenStream {
    marshalling_of(iface, 0..iface.functions.len())
}

/// The request, response and `Call` of the functions in `range`, in order:
/// `marshalling` in pieces, for formatting in parallel.
pub(super) fn marshalling_of(iface: &Interface, range: std::ops::Range<usize>) -> TokenStream {
    let regs = regs(iface);
    let mut out = TokenStream::new();
    for f in &iface.functions[range] {
        for (values, is_req) in [(&f.inputs, true), (&f.outputs, false)] {
            out.extend(message(f, iface, values, is_req, &regs));
        }
        let req = format_ident!("{}Request", function_camel(f, iface));
        out.extend(call_impl(
            f,
            iface,
            &quote!(#req),
            &TokenStream::new(),
            &quote!(super),
        ));
    }
    out
}

/// `Call` for `f`'s request, unless an input names memory the callee reads
/// or writes (`memory:` in the ABI description): such a request is sent only
/// by a helper that takes a reference, or through the raw, `unsafe` conduit. Shared
/// with `#[derive(AbiCall)]`: `req` is the request type, `module` the path
/// prefix of the interface module's items (empty inside it), `krate` the
/// path of the runtime's items.
pub fn call_impl(
    f: &model::Function,
    iface: &Interface,
    req: &TokenStream,
    module: &TokenStream,
    krate: &TokenStream,
) -> TokenStream {
    let touches_memory = |v: &model::RegValue| {
        v.ty == TypeRef::Address && v.memory != Some(model::Memory::NotAccessed)
    };
    if f.inputs.iter().any(touches_memory) {
        return TokenStream::new();
    }
    let resp = format_ident!("{}Response", function_camel(f, iface));
    let fid = Literal::u32_unsuffixed(f.fid);
    let status = match answer(f, iface) {
        Answer::Status { ty, .. } => quote!(#module #ty),
        Answer::Value => quote!(#krate::NoStatus),
    };
    let (transport, args, decode) = if iface.transport == model::Transport::HostCall {
        (
            quote!(HostCall),
            quote! {
                let mut args = [0u64; 30];
                args.copy_from_slice(&self.to_gprs()[1..]);
                args
            },
            quote!(#module #resp::from_gprs(regs)),
        )
    } else {
        (
            quote!(Smc),
            quote! {
                let mut args = [0u64; 30];
                args[..17].copy_from_slice(&self.to_regs()[1..]);
                args
            },
            {
                let n = Literal::usize_unsuffixed(model::Transport::Smc.reg_count());
                quote! {
                    let mut x = [0u64; #n];
                    x.copy_from_slice(&regs[..#n]);
                    #module #resp::from_regs(&x)
                }
            },
        )
    };
    quote! {
        // SAFETY: no input of this function names memory the callee reads or
        // writes: every address input says `memory: none` in the ABI description.
        #[allow(unsafe_code)]
        unsafe impl #krate::Call for #req {
            const FID: u32 = #fid;
            const TRANSPORT: #krate::Transport = #krate::Transport::#transport;
            type Response = #module #resp;
            type Error = #krate::CallError<#status>;
            fn args(&self) -> [u64; 30] { #args }
            fn decode(regs: &[u64; 31]) -> Result<#module #resp, Self::Error> { #decode }
            fn transport_error(status: u64) -> Self::Error {
                if status == u64::MAX {
                    #krate::CallError::NotSupported
                } else {
                    #krate::CallError::Transport(status)
                }
            }
        }
    }
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
    let checks = reserved_checks(values, &ty.to_string(), &quote!(super));
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
    let Regs { to_fn, len: n, .. } = regs;
    let bytes = super::byte_runs::byte_accessors(values);
    let default = default_derive(values);
    let body = quote! {
        #regs_unused
        #fid_check
        #(#checks)*
        #(#dec)*
        Ok(Self { #(#names),* })
    };
    let decode = decoder(f, iface, regs, is_req, &body);
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, #default PartialEq, Eq)]
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
            #decode
        }
    }
}

/// `Default` (every field zero) where every field has one: integers and bit
/// fields, not enums or return codes, whose zero may not be a value.
fn default_derive(values: &[model::RegValue]) -> TokenStream {
    if values
        .iter()
        .all(|v| !matches!(v.ty, TypeRef::Enum(_) | TypeRef::ReturnCode(_)))
    {
        quote!(Default,)
    } else {
        TokenStream::new()
    }
}

/// The decoder of a request (`from_regs`/`from_gprs`), or of a response:
/// `decode` (status first) and `decode_outputs`, around `body`.
fn decoder(
    f: &model::Function,
    iface: &Interface,
    regs: &Regs,
    is_req: bool,
    body: &TokenStream,
) -> TokenStream {
    let Regs {
        from_fn, len: n, ..
    } = regs;
    if is_req {
        return quote! {
            /// Decode from registers: unknown values and reserved bits are errors.
            pub fn #from_fn(regs: &[u64; #n]) -> Result<Self, super::DecodeError> { #body }
        };
    }
    let first = status_first(f, iface, regs);
    quote! {
        #first
        /// Decode every output whatever the status: for a monitor that checks
        /// what it answers, or where the specification defines outputs for an
        /// error status. Unknown values and reserved bits are errors.
        pub fn decode_outputs(regs: &[u64; #n]) -> Result<Self, super::DecodeError> { #body }
    }
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
            return Err(super::DecodeError::WrongFunction { expected: FunctionId::#fv.fid(), found: regs[0] });
        }
    };
    (set, check)
}
