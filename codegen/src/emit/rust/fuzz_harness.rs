//! Emits `fuzz/decoders.rs`: every decoder of the crate run on the same
//! registers, for the `decoders` fuzz target of `codegen/fuzz`. Wherever a
//! decoder accepts the registers, encoding the value and decoding it again
//! gives the same value.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::format::format_file;
use super::names::{function_camel, ident};
use crate::model::{self, Interface, Model};

/// `fuzz/decoders.rs` (not part of the crate's build).
pub(super) fn decoders(model: &Model) -> String {
    let bitfields = model.interfaces.iter().flat_map(|i| {
        let m = ident(&i.name.to_ascii_lowercase());
        i.bitfields.iter().map(move |b| {
            let ty = ident(&b.name);
            let bits = if model::storage_bits(b.width) == 64 {
                quote!(v.bits())
            } else {
                quote!(u64::from(v.bits()))
            };
            quote! {
                if let Ok(v) = #m::#ty::from_register(regs[0]) {
                    assert_eq!(#m::#ty::from_register(#bits), Ok(v));
                }
            }
        })
    });
    let functions = model
        .interfaces
        .iter()
        .flat_map(|i| i.functions.iter().map(move |f| function(i, f)));
    let modules = model
        .interfaces
        .iter()
        .map(|i| ident(&i.name.to_ascii_lowercase()));
    let host = Literal::usize_unsuffixed(model::Transport::HostCall.reg_count());
    let smc = Literal::usize_unsuffixed(model::Transport::Smc.reg_count());
    format_file(quote! {
        //! Every register decoder of `cca-abi` on one set of registers: the
        //! `decoders` fuzz target of `codegen/fuzz` includes this file.
        //! Arbitrary registers never panic a decoder, and wherever one accepts
        //! them, decode(encode(decode(r))) == decode(r).
        use cca_abi::{#(#modules),*};

        /// Run every decoder on `regs` (X0-X17 are its first 18 values).
        pub fn check(regs: &[u64; #host]) {
            let mut x = [0u64; #smc];
            x.copy_from_slice(&regs[..#smc]);
            #(#bitfields)*
            #(#functions)*
        }
    })
}

/// The request (with its function identifier in register 0, so that the
/// decoder reads past it) and the response of `f`, both ways.
fn function(iface: &Interface, f: &model::Function) -> TokenStream {
    let m = ident(&iface.name.to_ascii_lowercase());
    let camel = function_camel(f, iface);
    let (req, resp) = (
        format_ident!("{camel}Request"),
        format_ident!("{camel}Response"),
    );
    let (regs, from, to) = if iface.transport == model::Transport::HostCall {
        (
            quote!(regs),
            format_ident!("from_gprs"),
            format_ident!("to_gprs"),
        )
    } else {
        (
            quote!(&x),
            format_ident!("from_regs"),
            format_ident!("to_regs"),
        )
    };
    quote! {
        {
            let mut r = *#regs;
            r[0] = u64::from(#m::#req::FUNCTION.fid());
            if let Ok(v) = #m::#req::#from(&r) {
                assert_eq!(#m::#req::#from(&v.#to()), Ok(v));
            }
            if let Ok(v) = #m::#resp::#from(#regs) {
                assert_eq!(#m::#resp::#from(&v.#to()), Ok(v));
            }
            if let Ok(v) = #m::#resp::decode_outputs(#regs) {
                assert_eq!(#m::#resp::decode_outputs(&v.#to()), Ok(v));
            }
        }
    }
}
