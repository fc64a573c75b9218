//! Emits an interface's version constants, each a value of its encoding's
//! bit-field type.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::{docs, ident, lit_u64};
use crate::model::{Interface, Status};

/// `pub const NAME: Encoding = Encoding(bits);` for every version.
pub(super) fn versions(iface: &Interface) -> TokenStream {
    let mut out = TokenStream::new();
    for v in &iface.versions {
        let c = ident(&v.name);
        let lit = lit_u64(v.value);
        let t = ident(&v.encoding.name);
        let mut d = vec![format!(
            "Version {}.{} encoded as [`{}`] ({}).",
            v.major, v.minor, v.encoding, v.source
        )];
        if v.status == Status::Draft {
            d.push(format!("**Draft** (since {}).", v.since));
        }
        let doc = docs(&d);
        out.extend(quote!(#doc pub const #c: #t = #t(#lit);));
    }
    out
}
