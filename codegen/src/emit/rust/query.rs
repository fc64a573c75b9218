//! Emits the guest query routines: per query a validator and a routine that
//! asks the host for the version, the feature bit and the value, and the
//! host-call helper they share.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::names::{cast, doc_lines, docs, ident};
use crate::model::{self, Interface};
use crate::plan::{self, QueryPlan, rule};

/// Every query routine of an interface, and the helper when there is one.
pub(super) fn queries(iface: &Interface) -> TokenStream {
    let mut out: TokenStream = plan::queries(iface).iter().map(query).collect();
    // Rules 40 and 49: an interface with queries is a host-call one, which
    // has a carrier.
    if let (false, Some(c)) = (iface.queries.is_empty(), &iface.carrier) {
        out.extend(host_query(c));
    }
    out
}

/// The doc comment of a query routine: what it asks, its three outcomes.
fn query_doc(p: &QueryPlan<'_>, is_valid: &str) -> TokenStream {
    let q = p.query;
    let [vf, ff, cf] = p.calls();
    let ver = p.version.constant;
    let mut d = doc_lines(&q.doc);
    d.push(String::new());
    d.extend(doc_lines(&format!(
        "Asks `{}` and requires a version compatible with `{}` (major {}, minor at least {}), \
         asks `{}` and requires the `{}` bit (other feature bits are ignored), then asks `{}` \
         and checks the answer with [`{is_valid}`]. Every call starts from a zeroed \
         `RsiHostCall` with only the function identifier in `gprs[0]`.",
        vf.name, ver.name, p.version.major, p.version.minor, ff.name, p.feature.bit, cf.name,
    )));
    d.push(String::new());
    d.push("Three outcomes, as settled in the Linux v4 review of the HOSTCONF series:".to_string());
    d.push(String::new());
    let items = [
        "`Ok(page_size)`: the host does not offer the call: `SMCCC_RET_NOT_SUPPORTED` from \
         `RSI_HOST_CALL` or from the host at any step, another major revision or an older minor \
         one, or the feature bit clear. `page_size` is the guest's own page size in bytes, the \
         assumption before RHI."
            .to_string(),
        format!(
            "`Ok(max(value, page_size))`: the host answered a valid {}. It never goes down: \
             the result is never below the guest's page size.",
            q.title
        ),
        "`Err`: the caller must keep Realm support off, never fall back. \
         [`QueryError::Invalid`](super::QueryError::Invalid): the host offers the call and \
         answered something invalid (reserved version bits set, its own function identifier \
         echoed back, an SMCCC error other than `SMCCC_RET_NOT_SUPPORTED`, a value that fails \
         validation). [`QueryError::Transport`](super::QueryError::Transport): `RSI_HOST_CALL` \
         itself failed with an RMM error."
            .to_string(),
    ];
    for item in &items {
        for (i, l) in crate::emit::wrap(item, 88).into_iter().enumerate() {
            d.push(format!("{}{l}", if i == 0 { "- " } else { "  " }));
        }
    }
    d.push(String::new());
    d.extend(doc_lines(&format!(
        "Source: {}.",
        q.source.trim_end_matches('.')
    )));
    docs(&d)
}

/// `pub const fn NAME_is_valid(value: u64) -> bool` for a query's rules.
fn query_validator(p: &QueryPlan<'_>, is_valid: &Ident) -> TokenStream {
    let (q, cond, words) = (
        p.query,
        rule::to_rust(&p.rules),
        rule::to_rust_words(&p.rules),
    );
    let doc = docs(&doc_lines(&format!(
        "Whether the host's answer is a valid {} for [`{}`]: {words}.",
        q.title, q.name
    )));
    quote! {
        #doc
        pub const fn #is_valid(value: u64) -> bool { #cond }
    }
}

/// One query routine.
fn query(p: &QueryPlan<'_>) -> TokenStream {
    let (q, freg) = (p.query, p.feature.register);
    let name = ident(&q.name);
    let is_valid = format_ident!("{}_is_valid", q.name);
    let [vfid, ffid, cfid] = p.calls().map(|f| ident(&f.name));
    let enc = ident(&p.version.encoding.name);
    let major = Literal::u64_unsuffixed(p.version.major);
    let minor = Literal::u64_unsuffixed(p.version.minor);
    let minor_check = if p.version.minor > 0 {
        quote!(|| u64::from(version.minor()) < #minor)
    } else {
        TokenStream::new()
    };
    let freg_t = ident(&freg.name);
    let fmask = format_ident!("{}_MASK", p.feature.bit.to_ascii_uppercase());
    let fmask_expr = cast(quote!(#freg_t::#fmask), freg.width, 64);
    let doc = query_doc(p, &is_valid.to_string());
    let validator = query_validator(p, &is_valid);
    quote! {
        #validator
        #doc
        pub fn #name<C: super::Conduit>(
            conduit: &mut C,
            page_size: u64,
        ) -> Result<u64, super::QueryError> {
            use super::{QueryError, Step};
            let Some(answer) = host_query(conduit, #vfid, Step::Version)? else {
                return Ok(page_size);
            };
            let Ok(version) = #enc::from_register(answer) else {
                return Err(QueryError::Invalid { step: Step::Version, value: answer });
            };
            // Another major revision, or an older minor one, does not offer the call.
            if u64::from(version.major()) != #major #minor_check {
                return Ok(page_size);
            }

            let Some(features) = host_query(conduit, #ffid, Step::Features)? else {
                return Ok(page_size);
            };
            // Only this bit counts: a later revision may add others.
            if features & #fmask_expr == 0 {
                return Ok(page_size);
            }

            let Some(value) = host_query(conduit, #cfid, Step::Value)? else {
                return Ok(page_size);
            };
            if !#is_valid(value) {
                return Err(QueryError::Invalid { step: Step::Value, value });
            }
            // The granule never goes down below the guest's page size.
            Ok(value.max(page_size))
        }
    }
}

/// The host-call helper every query routine of an interface uses, written
/// on its carrier (`RSI_HOST_CALL` with an `RsiHostCall`).
fn host_query(c: &model::Carrier) -> TokenStream {
    let m = ident(&c.interface.to_ascii_lowercase());
    let structure = ident(&c.structure);
    let success = ident(&c.success);
    quote! {
        /// `SMCCC_RET_NOT_SUPPORTED` (-1) as register bits.
        pub const NOT_SUPPORTED: u64 = u64::MAX;

        /// One host call with `fid` in `gprs[0]` and nothing else: the structure is
        /// zeroed first, so nothing the host wrote earlier is sent again.
        ///
        /// `Ok(None)` when the call is not offered (`SMCCC_RET_NOT_SUPPORTED` from
        /// `RSI_HOST_CALL` or in the host's answer); a transport error for any other
        /// RSI status; invalid when the host echoes `fid` or answers another SMCCC
        /// error (bit 63 set); else the host's answer.
        fn host_query<C: super::Conduit>(
            conduit: &mut C,
            fid: u32,
            step: super::Step,
        ) -> Result<Option<u64>, super::QueryError> {
            let mut call = super::#m::#structure::zeroed();
            call.gprs[0] = u64::from(fid);
            let status = conduit.host_call(&mut call);
            if status == NOT_SUPPORTED {
                return Ok(None);
            }
            if status != super::#m::#success {
                return Err(super::QueryError::Transport { step, status });
            }
            let answer = call.gprs[0];
            if answer == NOT_SUPPORTED {
                return Ok(None);
            }
            if answer == u64::from(fid) || answer >> 63 != 0 {
                return Err(super::QueryError::Invalid { step, value: answer });
            }
            Ok(Some(answer))
        }
    }
}
