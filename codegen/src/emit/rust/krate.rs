//! Emits the crate's items as tokens: one module per interface and, for
//! `include_abi!`, the runtime (and on request the model host) around them.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ZeroCopy;
use super::bitfields::bitfields;
use super::enums::enums;
use super::functions::functions_enum;
use super::marshal::marshalling;
use super::names::{doc_lines, ident, revision_tokens};
use super::query::queries;
use super::return_codes::return_codes;
use super::structs::structs;
use super::versions::versions;
use crate::emit::{Constructs, banner};
use crate::model::{self, Interface, Model};

pub(super) const RUNTIME: &str = include_str!("../../../../templates/rust/runtime.rs");
pub(super) const MODEL_HOST: &str = include_str!("../../../../templates/rust/model_host.rs");

/// Lines of text as inner doc attributes (`//!`).
pub(super) fn inner_docs(lines: &[String]) -> TokenStream {
    lines
        .iter()
        .map(|l| {
            let t = format!(" {l}");
            quote!(#![doc = #t])
        })
        .collect()
}

/// What the runtime exports at the root of the crate (or of the module an
/// `include_abi!` expands in).
pub(super) fn runtime_exports() -> TokenStream {
    let smc_doc = " The `smc` conduit is only built for aarch64.";
    quote! {
        pub use runtime::{Call, CallError, Conduit, DecodeError, IpaStateSetError, NoStatus, QueryError, Revision, Status, Step, TokenChunk, Transport, UnknownFunction};
        #[doc = #smc_doc]
        #[cfg(target_arch = "aarch64")]
        pub use runtime::Smc;
    }
}

/// The contents of one interface module (`src/rsi.rs`), as tokens: its
/// head, the marshalling of every function, then the query routines.
pub fn module_tokens(iface: &Interface, zc: ZeroCopy) -> TokenStream {
    let head = module_head(iface, zc);
    let marshal = marshalling(iface);
    let queries = Module { iface, zc }.queries();
    quote!(#head #marshal #queries)
}

/// One interface module, construct by construct. A function's registers are
/// marshalled apart (`marshal`), in chunks the formatter runs in parallel.
pub(super) struct Module<'a> {
    pub(super) iface: &'a Interface,
    pub(super) zc: ZeroCopy,
}

impl Constructs for Module<'_> {
    type Out = TokenStream;

    /// Groups only sort functions in the description.
    fn groups(&self) -> TokenStream {
        TokenStream::new()
    }
    fn versions(&self) -> TokenStream {
        versions(self.iface)
    }
    fn return_codes(&self) -> TokenStream {
        return_codes(self.iface)
    }
    fn enums(&self) -> TokenStream {
        enums(self.iface)
    }
    fn bitfields(&self) -> TokenStream {
        bitfields(self.iface)
    }
    fn structs(&self) -> TokenStream {
        structs(self.iface, self.zc)
    }
    fn functions(&self) -> TokenStream {
        functions_enum(self.iface)
    }
    /// One name per item: a function's other names are doc aliases of its
    /// `FunctionId` variant (`functions`); other aliases are not repeated.
    fn aliases(&self) -> TokenStream {
        TokenStream::new()
    }
    /// A feature register is a bit-field type whose decoder keeps the bits
    /// it does not know (`bitfields`).
    fn features(&self) -> TokenStream {
        TokenStream::new()
    }
    fn queries(&self) -> TokenStream {
        queries(self.iface)
    }
}

/// An interface module up to its marshalling: docs, constants, function
/// identifiers, return codes, enums, bit fields, versions and structs.
pub(super) fn module_head(iface: &Interface, zc: ZeroCopy) -> TokenStream {
    let mut d = doc_lines(&format!(
        "{} ({}): {} {}, {}.",
        iface.title, iface.name, iface.spec.document, iface.spec.revision, iface.spec.title
    ));
    d.push(String::new());
    d.extend(doc_lines(&format!(
        "{} SMCCC owner {}, {} calls, SMC{}, \
         function numbers {:#x}..={:#x}. Source{}.",
        banner(&[&iface.file]),
        iface.owner,
        if iface.call_type == model::CallType::Fast {
            "fast"
        } else {
            "yielding"
        },
        iface.width,
        iface.first_number,
        iface.last_number,
        source_label(iface),
    )));
    d.extend(revision_doc(iface));
    let inner = inner_docs(&d);
    let owner = Literal::u8_unsuffixed(iface.owner);
    let rev = revision_tokens(iface.revision);
    let spec = &iface.spec.revision;
    let spec_doc = format!(" The {} revision these items follow.", iface.spec.document);
    let m = Module { iface, zc };
    let items = [
        m.functions(),
        m.return_codes(),
        m.enums(),
        m.bitfields(),
        m.versions(),
        m.structs(),
        m.groups(),
        m.aliases(),
        m.features(),
    ];
    quote! {
        #inner
        /// The SMCCC owning entity number of these calls.
        pub const OWNER: u8 = #owner;
        /// The revision the stable items describe.
        pub const REVISION: super::Revision = #rev;
        #[doc = #spec_doc]
        pub const SPEC_REVISION: &str = #spec;
        #(#items)*
    }
}

/// The interface's own source, said to be that of the released items when
/// the module follows a draft revision (whose sources its revision line names).
fn source_label(iface: &Interface) -> String {
    let draft = iface
        .selected
        .as_ref()
        .is_some_and(|_| iface.draft_revision.is_some());
    if draft && iface.revisions.len() > 1 {
        format!(" of the released items: {}", iface.source)
    } else {
        format!(": {}", iface.source)
    }
}

/// For an interface with several specification revisions, narrowed to one:
/// which, whether a draft, and the sources that follow it.
fn revision_doc(iface: &Interface) -> Vec<String> {
    let Some(r) = iface.selected_revision() else {
        return Vec::new();
    };
    if iface.revisions.len() < 2 {
        return Vec::new();
    }
    let kind = match r.status {
        model::Status::Draft => "a draft",
        _ => "released",
    };
    let mut text = format!(
        "Revision {} ({kind}; an implementation reports {} {}).",
        r.name, iface.name, r.reports
    );
    if let Some(doc) = &r.doc {
        text.push_str(&format!(" {doc}"));
    }
    text.push_str(&format!(" Sources: {}.", r.source.trim_end_matches('.')));
    let mut d = vec![String::new()];
    d.extend(doc_lines(&text));
    d
}

/// What `include_abi!` expands to at the root of a user's crate: the same
/// runtime, model host and interface modules as the generated crate, so that
/// firmware with its own ABI description needs no xtask. Errors in the
/// verbatim runtime text are reported, not panicked on.
pub fn crate_items(model: &Model, model_host: bool, zc: ZeroCopy) -> Result<TokenStream, String> {
    let runtime: TokenStream = RUNTIME
        .parse()
        .map_err(|e| format!("templates/rust/runtime.rs does not lex: {e}"))?;
    let host = if model_host {
        let host: TokenStream = MODEL_HOST
            .parse()
            .map_err(|e| format!("templates/rust/model_host.rs does not lex: {e}"))?;
        quote! {
            /// A model RMM and host for tests and examples.
            pub mod model_host { #host }
        }
    } else {
        TokenStream::new()
    };
    let mods = model.interfaces.iter().map(|i| {
        let m = ident(&i.name.to_ascii_lowercase());
        let body = module_tokens(i, zc);
        quote!(pub mod #m { #body })
    });
    let exports = runtime_exports();
    Ok(quote! {
        #[allow(unsafe_code)]
        mod runtime { #runtime }
        #host
        #(#mods)*
        #exports
    })
}
