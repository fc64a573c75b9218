//! Emits the generated crate's own checks: the proptest register round
//! trips (`tests/roundtrip.rs`) and the probe example (`examples/probe.rs`)
//! whose output `cargo xtask c-test` compares with the C headers.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::byte_runs::byte_runs;
use super::format::format_file;
use super::marshal::{Answer, answer};
use super::names::{field_accessor, function_camel, ident, lit_u64, plain_field_type};
use crate::emit::names::snake;
use crate::emit::parallel::Job;
use crate::emit::probe;
use crate::model::{self, Bitfield, Interface, Model, TypeRef};

/// `examples/probe.rs`: every constant and struct layout as `label value`
/// lines, one per figure of `emit::probe::items`.
pub(super) fn probe_example(model: &Model) -> String {
    let mut lines = Vec::new();
    for i in &model.interfaces {
        let m = ident(&i.name.to_ascii_lowercase());
        lines.extend(probe::items(i).iter().map(|item| probe_line(&m, item)));
    }
    let file = quote! {
        //! Prints every constant and every struct layout of the crate as
        //! `label value` lines; `cargo xtask c-test` compares them with the
        //! same labels printed by the compiled C headers.
        use cca_abi::*;
        /// A figure as a number, whatever its type.
        fn v(value: impl Into<u64>) -> u64 {
            value.into()
        }
        /// A figure's label, as the C probe labels it, and its value.
        type Figure = (&'static str, fn() -> u64);
        /// Every figure.
        static FIGURES: &[Figure] = &[#(#lines),*];
        fn main() {
            for (label, value) in FIGURES {
                println!("{label} {}", value());
            }
        }
    };
    format_file(file)
}

/// `("label", || v(value))` for one figure, the value spelled in the crate's names.
fn probe_line(m: &Ident, item: &probe::Item<'_>) -> TokenStream {
    let label = item.label();
    let value = match *item {
        probe::Item::Fid(f) => path(m, &f.name),
        probe::Item::Code(v) => path(m, &v.name),
        probe::Item::Value(_, v) => path(m, &v.name),
        probe::Item::Version(v) => {
            let c = path(m, &v.name);
            quote!(#c.bits())
        }
        probe::Item::Field(b, _, n, kind) => {
            let t = ident(&b.name);
            let c = format_ident!(
                "{}_{}",
                n.to_ascii_uppercase(),
                kind.word().to_ascii_uppercase()
            );
            quote!(#m::#t::#c)
        }
        probe::Item::Size(s) => {
            let t = ident(&s.name);
            quote!(core::mem::size_of::<#m::#t>() as u64)
        }
        probe::Item::Align(s) => {
            let t = ident(&s.name);
            quote!(core::mem::align_of::<#m::#t>() as u64)
        }
        probe::Item::Offset(s, mem) => {
            let (t, f) = (ident(&s.name), ident(&mem.name));
            quote!(core::mem::offset_of!(#m::#t, #f) as u64)
        }
    };
    quote!((#label, || v(#value)))
}

/// `module::NAME`.
fn path(m: &Ident, name: &str) -> TokenStream {
    let c = ident(name);
    quote!(#m::#c)
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
            let t = ident(&n.name);
            quote!(proptest::sample::select(#m::#t::ALL))
        }
        TypeRef::Bitfield(n) => {
            let f = format_ident!("{}", snake(&n.name));
            quote!(#f())
        }
        // Rule 33 keeps a struct out of registers: it travels by address.
        TypeRef::Struct(n) => {
            let msg = format!("struct {n} in a register");
            quote!(compile_error!(#msg))
        }
    }
}

/// `tests/roundtrip.rs` as formatting jobs: a round trip for every bit-field
/// type, and for every function's request and response, `chunk` functions
/// (or bit-field types) to a job after the file's head.
pub(super) fn roundtrip_jobs(model: &Model, chunk: usize, cfg: Option<String>) -> Vec<Job<'_>> {
    let mut jobs: Vec<Job<'_>> = vec![Box::new(move || format_file(roundtrip_head(cfg)))];
    for iface in &model.interfaces {
        for part in iface.bitfields.chunks(chunk) {
            jobs.push(Box::new(move || {
                let m = ident(&iface.name.to_ascii_lowercase());
                let items = part.iter().flat_map(|b| bitfield_test(b, &m));
                format_file(quote!(#(#items)*))
            }));
        }
        for part in iface.functions.chunks(chunk) {
            jobs.push(Box::new(move || {
                format_file(part.iter().map(|f| function_tests(iface, f)).collect())
            }));
        }
    }
    jobs
}

/// The round trips of `f`'s request and response, and its status-first test.
fn function_tests(iface: &Interface, f: &model::Function) -> TokenStream {
    let mut items = TokenStream::new();
    for (values, suffix) in [(&f.inputs, "Request"), (&f.outputs, "Response")] {
        items.extend(message_test(iface, f, values, suffix));
    }
    items.extend(status_first_test(iface, f));
    items
}

/// The docs, imports and proptest configuration of `tests/roundtrip.rs`;
/// `cfg`: the features under which the file's revisions are the crate's (a
/// cfg predicate as text: tokens do not cross the formatting threads).
fn roundtrip_head(cfg: Option<String>) -> TokenStream {
    let cfg = cfg
        .and_then(|p| p.parse::<TokenStream>().ok())
        .map(|p| quote!(#![cfg(#p)]));
    quote! {
        //! Register round trips: every bit-field value, and for every function a
        //! request and a response, encode to bits and decode back to themselves.
        #cfg
        use cca_abi::*;
        use proptest::prelude::*;
        use proptest::test_runner::Config;
        /// Failures are reported, never written beside the generated sources.
        fn config() -> Config {
            Config { failure_persistence: None, ..Config::default() }
        }
    }
}

/// The round trip of bit-field type `b` of module `m`, and its strategy
/// function: random plain fields, valid enum fields.
fn bitfield_test(b: &Bitfield, m: &Ident) -> [TokenStream; 2] {
    let t = ident(&b.name);
    let f = format_ident!("{}", snake(&b.name));
    let fields: Vec<&model::Field> = b
        .fields
        .iter()
        .filter(|x| !x.reserved && x.name.is_some())
        .collect();
    let names: Vec<Ident> = (0..fields.len()).map(|i| format_ident!("f{}", i)).collect();
    let strategies: Vec<TokenStream> = fields
        .iter()
        .map(|x| match &x.ty {
            Some(et) => {
                let et = ident(&et.name);
                quote!(proptest::sample::select(#m::#et::ALL))
            }
            None => {
                let vt = plain_field_type(x.width());
                quote!(any::<#vt>())
            }
        })
        .collect();
    let setters = fields.iter().zip(&names).map(|(x, n)| {
        let (accessor, _) = field_accessor(x.name.as_deref().unwrap_or_default());
        let set = format_ident!("with_{}", accessor);
        quote!(.#set(#n))
    });
    // Every field through its setter, in tuples of at most six.
    let pats = names.chunks(6).map(|n| quote!((#(#n,)*)));
    let strats = strategies.chunks(6).map(|st| quote!((#(#st,)*)));
    let test = format_ident!("{}_bits", snake(&b.name));
    [
        quote! {
            proptest! {
                #![proptest_config(config())]
                #[test]
                fn #test(value in #f()) {
                    prop_assert_eq!(#m::#t::from_bits(value.bits()), Ok(value));
                }
            }
        },
        quote! {
            fn #f() -> impl Strategy<Value = #m::#t> {
                (#(#strats,)*).prop_map(|(#(#pats,)*)| #m::#t::new() #(#setters)*)
            }
        },
    ]
}

/// The round trip of `f`'s request or response (`suffix`) through registers:
/// a proptest over its values, or a plain test when it has none.
fn message_test(
    iface: &Interface,
    f: &model::Function,
    values: &[model::RegValue],
    suffix: &str,
) -> TokenStream {
    let m = ident(&iface.name.to_ascii_lowercase());
    let (to_fn, from_fn) = if iface.transport == model::Transport::HostCall {
        (format_ident!("to_gprs"), format_ident!("from_gprs"))
    } else {
        (format_ident!("to_regs"), format_ident!("from_regs"))
    };
    let base = function_camel(f, iface);
    let ty = format_ident!("{}{}", base, suffix);
    let test = format_ident!(
        "{}_{}_{}",
        iface.name.to_ascii_lowercase(),
        snake(&base),
        suffix.to_ascii_lowercase()
    );
    let is_req = suffix == "Request";
    let decode = if is_req {
        quote!(#from_fn)
    } else {
        quote!(decode_outputs)
    };
    if values.is_empty() {
        return quote! {
            #[test]
            fn #test() {
                let value = #m::#ty {};
                assert_eq!(#m::#ty::#decode(&value.#to_fn()), Ok(value));
            }
        };
    }
    let status = if is_req {
        TokenStream::new()
    } else {
        status_check(f, iface, &m, &ty, (&to_fn, &from_fn))
    };
    let names: Vec<Ident> = values.iter().map(|v| ident(&v.name)).collect();
    let strats: Vec<TokenStream> = values.iter().map(|v| strategy(&v.ty, iface)).collect();
    let bytes = byte_checks(values);
    // Arguments in groups of six, as tuples.
    let args: Vec<TokenStream> = names
        .chunks(6)
        .zip(strats.chunks(6))
        .map(|(n, st)| quote!((#(#n,)*) in (#(#st,)*)))
        .collect();
    quote! {
        proptest! {
            #![proptest_config(config())]
            #[test]
            fn #test(#(#args),*) {
                let value = #m::#ty { #(#names),* };
                prop_assert_eq!(#m::#ty::#decode(&value.#to_fn()), Ok(value));
                #status
                #bytes
            }
        }
    }
}

/// What the status-first decoder of a response gives for `value`: itself on
/// success, `NotSupported` for -1, the status otherwise (no output read).
fn status_check(
    f: &model::Function,
    iface: &Interface,
    m: &Ident,
    ty: &Ident,
    (to_fn, from_fn): (&Ident, &Ident),
) -> TokenStream {
    let expect_other = match answer(f, iface) {
        Answer::Status {
            ty: st,
            success,
            total,
            also,
        } => {
            let decoded = decoded_status(&m.clone(), &st, total, quote!(regs[0]));
            quote! {
            match #decoded {
                Ok(#m::#st::#success #(| #m::#st::#also)*) => Ok(value),
                Ok(status) => Err(CallError::Status(status)),
                Err(error) => Err(CallError::Malformed { status: None, error }),
            }
            }
        }
        Answer::Value => {
            let fid = lit_u64(u64::from(f.fid));
            quote! {
                if regs[0] == #fid {
                    Err(CallError::Malformed { status: None, error: DecodeError::Echoed { fid: regs[0] } })
                } else if regs[0] >> 63 != 0 {
                    Err(CallError::Malformed { status: None, error: DecodeError::SmcccError { value: regs[0] } })
                } else {
                    Ok(value)
                }
            }
        }
    };
    quote! {
        let regs = value.#to_fn();
        let expected = if regs[0] == u64::MAX {
            Err(CallError::NotSupported)
        } else {
            #expect_other
        };
        prop_assert_eq!(#m::#ty::#from_fn(&regs), expected);
    }
}

/// The status in `raw` as a `Result`, whether its type decodes totally (a
/// return code) or can fail (an enum).
fn decoded_status(m: &Ident, st: &Ident, total: bool, raw: TokenStream) -> TokenStream {
    if total {
        quote!(Ok::<#m::#st, DecodeError>(#m::#st::from_raw(#raw)))
    } else {
        quote!(#m::#st::from_raw(#raw))
    }
}

/// For every response whose register 0 is a status: any status but success,
/// with any bits in the other registers, decodes to that status and nothing
/// else (the outputs are not read).
fn status_first_test(iface: &Interface, f: &model::Function) -> TokenStream {
    let Answer::Status {
        ty: st,
        success,
        total,
        also,
    } = answer(f, iface)
    else {
        return TokenStream::new();
    };
    let m = ident(&iface.name.to_ascii_lowercase());
    let result = model::status_output(&f.outputs).map(|v| ident(&v.name));
    // Statuses whose outputs are defined decode them and keep the status.
    let kept = (!also.is_empty()).then(|| {
        let pattern = if also.len() == 1 {
            quote!(#(#m::#st::#also)*)
        } else {
            quote!((#(#m::#st::#also)|*))
        };
        quote! {
            Ok(code @ #pattern) => match decoded {
                Ok(answer) => prop_assert_eq!(answer.#result, code),
                Err(CallError::Malformed { status, .. }) => prop_assert_eq!(status, Some(code)),
                other => prop_assert!(false, "{:?} decoded as {:?}", code, other),
            },
        }
    });
    let from_fn = if iface.transport == model::Transport::HostCall {
        format_ident!("from_gprs")
    } else {
        format_ident!("from_regs")
    };
    let n = proc_macro2::Literal::usize_unsuffixed(iface.transport.reg_count());
    let ty = format_ident!("{}Response", function_camel(f, iface));
    let status_of = decoded_status(&m, &st, total, quote!(status));
    let test = format_ident!(
        "{}_{}_status_first",
        iface.name.to_ascii_lowercase(),
        snake(&function_camel(f, iface))
    );
    quote! {
        proptest! {
            #![proptest_config(config())]
            #[test]
            fn #test(status in prop_oneof![0u64..8, any::<u64>()], junk in proptest::collection::vec(any::<u64>(), #n)) {
                let mut regs = [0u64; #n];
                regs.copy_from_slice(&junk);
                regs[0] = status;
                let decoded = #m::#ty::#from_fn(&regs);
                match #status_of {
                    _ if status == u64::MAX => prop_assert_eq!(decoded, Err(CallError::NotSupported)),
                    Ok(#m::#st::#success) => prop_assert!(!matches!(decoded, Err(CallError::Status(_)) | Err(CallError::NotSupported))),
                    #kept
                    Ok(code) => prop_assert_eq!(decoded, Err(CallError::Status(code))),
                    Err(error) => prop_assert_eq!(decoded, Err(CallError::Malformed { status: None, error })),
                }
            }
        }
    }
}

/// For every byte run of a message: its bytes put back give the same
/// message, and byte 0 is the low byte of the run's first register.
fn byte_checks(values: &[model::RegValue]) -> TokenStream {
    byte_runs(values)
        .into_iter()
        .map(|(base, run)| {
            let get = format_ident!("{}_bytes", base);
            let set = format_ident!("set_{}_bytes", base);
            let first = ident(&run[0].name);
            quote! {
                let mut copy = value;
                copy.#set(&value.#get());
                prop_assert_eq!(copy, value);
                prop_assert_eq!(u64::from(value.#get()[0]), value.#first & 0xFF);
            }
        })
        .collect()
}
