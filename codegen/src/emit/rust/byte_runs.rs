//! Values that span several whole registers as one byte string (a hash or
//! a token chunk in `X2..`): the runs, and their byte accessors.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::names::ident;
use crate::model::{self, TypeRef};

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
pub(super) fn byte_accessors(values: &[model::RegValue]) -> TokenStream {
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
