//! Compile-time access to the Arm CCA ABI description, for Rust firmware.
//!
//! - `#[derive(AbiCall)]` derives register encoding and decoding for one side
//!   of one ABI call, checked against the YAML when the crate compiles. For
//!   the shipped ABI, a request whose address inputs all say `memory: none`
//!   also implements the crate's `Call`, so `conduit.call(&request)` sends it.
//! - `include_abi!` expands ABI YAML files into the same items as the
//!   generated `cca-abi` crate.
//!
//! Both load the YAML with the same `codegen` library as `cargo xtask`, so
//! there is one parser and one set of checks. A YAML file a macro read is
//! referenced from the expansion with `include_bytes!`, so editing it makes
//! cargo rebuild the crate.
//!
//! ```
//! use cca_abi::rhi::{RHI_HOSTCONF_VER_1_0, RhiVersion};
//! use cca_abi_macros::AbiCall;
//!
//! /// What the host answers to RHI_HOSTCONF_VERSION.
//! #[derive(AbiCall, Debug, PartialEq)]
//! #[abi(function = "RHI_HOSTCONF_VERSION", response)]
//! struct HostconfVersion {
//!     version: RhiVersion,
//! }
//!
//! let answer = HostconfVersion { version: RHI_HOSTCONF_VER_1_0 };
//! let gprs = answer.to_gprs();
//! assert_eq!(gprs[0], 0x1_0000);
//! assert_eq!(HostconfVersion::from_gprs(&gprs), Ok(answer));
//! ```
//!
//! Attributes on the struct: `function = "NAME"` (required), `request` or
//! `response` (required), `abi = "path/to.yaml"` (a file relative to the
//! crate's manifest; default: the shipped description, every interface file
//! of the workspace's `abi/`),
//! `revision = "1.1-alp17"` (the specification revision whose registers and
//! types the call follows; default: each interface's newest),
//! `krate = "path"` (where `DecodeError` lives; default `::cca_abi`). On a
//! field: `name = "VALUE"` when the field is not named after the register value.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use codegen::model::{Function, Interface, Model, Reg, RegValue, Transport, TypeRef};
use codegen::narrow::Selection;
use codegen::{Diagnostics, Source};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr};

/// The shipped ABI description, as the xtask reads it: every interface file
/// of the workspace's `abi/` (listed by `build.rs`).
const SHIPPED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// Absolute paths of the shipped files, for rebuild tracking.
fn shipped_paths() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    SHIPPED.iter().map(|(name, _)| root.join(name)).collect()
}

/// The model and the files it came from (absolute paths, for `include_bytes!`).
struct Loaded {
    model: Arc<Model>,
    files: Vec<PathBuf>,
}

/// Descriptions this compiler process has loaded, with their models: rustc
/// keeps a proc-macro loaded for the whole crate, so a crate with many
/// derives parses and validates each description once. The key is every
/// source's name and text (read afresh at each expansion, so an edit is
/// never missed); a few entries at most.
static LOADED: Mutex<Vec<(SourcesKey, Arc<Model>)>> = Mutex::new(Vec::new());

/// Every source's name and text.
type SourcesKey = Vec<(String, String)>;

/// The model of `sources`, from `LOADED` or loaded now; errors are not kept.
fn load_cached(sources: &[Source]) -> Result<Arc<Model>, Diagnostics> {
    let key: SourcesKey = sources
        .iter()
        .map(|s| (s.name.clone(), s.text.clone()))
        .collect();
    let mut cache = LOADED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, model)) = cache.iter().find(|(k, _)| *k == key) {
        return Ok(Arc::clone(model));
    }
    let model = Arc::new(codegen::load(sources)?);
    if cache.len() == 8 {
        cache.remove(0);
    }
    cache.push((key, Arc::clone(&model)));
    Ok(model)
}

/// Load the shipped ABI, or the files named by `abi = "…"` attributes.
fn load(paths: &[LitStr]) -> Result<Loaded, syn::Error> {
    if paths.is_empty() {
        let sources: Vec<Source> = SHIPPED.iter().map(|(n, t)| Source::new(*n, *t)).collect();
        let model = load_cached(&sources).map_err(|d| diag_error(Span::call_site(), &d))?;
        return Ok(Loaded {
            model,
            files: shipped_paths(),
        });
    }
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let mut sources = Vec::new();
    let mut files = Vec::new();
    for lit in paths {
        let rel = lit.value();
        let path = manifest.join(&rel);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            syn::Error::new(
                lit.span(),
                format!("cannot read the ABI description `{rel}` (relative to the crate's manifest): {e}"),
            )
        })?;
        sources.push(Source::new(rel, text));
        files.push(path);
    }
    let model = load_cached(&sources)
        .map_err(|d| diag_error(paths.first().map_or(Span::call_site(), LitStr::span), &d))?;
    Ok(Loaded { model, files })
}

fn diag_error(span: Span, d: &Diagnostics) -> syn::Error {
    let text: Vec<String> =
        d.0.iter()
            .flat_map(|d| std::iter::once(d.headline()).chain(d.notes.iter().map(|n| n.headline())))
            .collect();
    syn::Error::new(
        span,
        format!("the ABI description has errors:\n{}", text.join("\n")),
    )
}

/// `include_bytes!` of every file read, so that editing one rebuilds the crate.
fn track(files: &[PathBuf]) -> TokenStream {
    let items = files.iter().map(|f| {
        let p = f.to_string_lossy().into_owned();
        quote!(
            const _: &[u8] = include_bytes!(#p);
        )
    });
    quote!(#(#items)*)
}

/// Derive `FID`, `to_regs`/`from_regs` (SMC calls, X0-X17) or
/// `to_gprs`/`from_gprs` (host calls, `RsiHostCall.gprs`) for a struct that
/// holds the inputs (`request`) or the outputs (`response`) of one ABI call.
#[proc_macro_derive(AbiCall, attributes(abi))]
pub fn derive_abi_call(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    match derive(&input) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// Expand ABI YAML files (paths relative to the calling crate's manifest)
/// into the items of the generated `cca-abi` crate: the runtime and one
/// module per interface. Switches after the paths: `model_host` adds the
/// model host (tests; firmware leaves it out), `zerocopy` derives zerocopy's
/// traits on the memory structures (the crate then depends on zerocopy),
/// `revision = "1.1-alp17"` narrows every interface that has that
/// specification revision to it (default: each interface's newest, as the
/// crate's default features). With no paths, the shipped ABI:
/// `include_abi!()`, `include_abi!(model_host)`,
/// `include_abi!("vendor.yaml", model_host)`,
/// `include_abi!(revision = "1.1-alp17")`.
#[proc_macro]
pub fn include_abi(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    match include(input.into()) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// One argument of `include_abi!`: a YAML path, or a switch (`model_host`,
/// `zerocopy`, `revision = "…"`) after the paths.
enum IncludeArg {
    Path(LitStr),
    Switch(syn::Ident),
    Revision(LitStr),
}

impl syn::parse::Parse for IncludeArg {
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(LitStr) {
            return Ok(IncludeArg::Path(input.parse()?));
        }
        let id: syn::Ident = input.parse()?;
        if id == "model_host" || id == "zerocopy" {
            Ok(IncludeArg::Switch(id))
        } else if id == "revision" {
            input.parse::<syn::Token![=]>()?;
            Ok(IncludeArg::Revision(input.parse()?))
        } else {
            Err(syn::Error::new(
                id.span(),
                "expected a YAML path, `model_host`, `zerocopy` or `revision = \"…\"`",
            ))
        }
    }
}

fn include(input: TokenStream) -> Result<TokenStream, syn::Error> {
    let args = syn::parse::Parser::parse2(
        syn::punctuated::Punctuated::<IncludeArg, syn::Token![,]>::parse_terminated,
        input,
    )?;
    let mut paths: Vec<LitStr> = Vec::new();
    let mut switches: Vec<String> = Vec::new();
    let mut revision: Option<LitStr> = None;
    for arg in &args {
        match arg {
            IncludeArg::Path(p) if switches.is_empty() && revision.is_none() => {
                paths.push(p.clone())
            }
            IncludeArg::Path(p) => {
                return Err(syn::Error::new(p.span(), "paths come before the switches"));
            }
            IncludeArg::Switch(id) => switches.push(id.to_string()),
            IncludeArg::Revision(r) => revision = Some(r.clone()),
        }
    }
    let model_host = switches.iter().any(|s| s == "model_host");
    let zc = if switches.iter().any(|s| s == "zerocopy") {
        codegen::emit::rust::ZeroCopy::On
    } else {
        codegen::emit::rust::ZeroCopy::Off
    };
    let loaded = load(&paths)?;
    let model = narrowed(&loaded.model, revision.as_ref())?;
    let items = codegen::emit::rust::crate_items(&model, model_host, zc)
        .map_err(|e| syn::Error::new(Span::call_site(), e))?;
    let tracking = track(&loaded.files);
    Ok(quote!(#items #tracking))
}

/// The model as `revision` describes it: every interface that has a
/// specification revision of that name at it, the others (and every one
/// when `revision` is `None`) at their newest.
fn narrowed(model: &Model, revision: Option<&LitStr>) -> Result<Model, syn::Error> {
    let Some(r) = revision else {
        return Ok(model.at(&Selection::new()));
    };
    let name = r.value();
    let sel: Selection = model
        .interfaces
        .iter()
        .filter(|i| i.revision_index(&name).is_some())
        .map(|i| (i.name.clone(), name.clone()))
        .collect();
    if sel.is_empty() {
        let known: Vec<String> = model
            .interfaces
            .iter()
            .map(|i| {
                let names: Vec<&str> = i.revisions.iter().map(|r| r.name.as_str()).collect();
                format!("{}: {}", i.name, names.join(", "))
            })
            .collect();
        let msg = format!(
            "no interface has revision `{name}`; known revisions are {}",
            known.join("; ")
        );
        return Err(syn::Error::new(r.span(), msg));
    }
    Ok(model.at(&sel))
}

/// What the struct-level `#[abi(…)]` attributes say.
struct Options {
    revision: Option<LitStr>,
    function: Option<LitStr>,
    request: Option<bool>,
    abi: Vec<LitStr>,
    krate: Option<syn::Path>,
}

fn options(input: &DeriveInput) -> Result<Options, syn::Error> {
    let mut o = Options {
        revision: None,
        function: None,
        request: None,
        abi: Vec::new(),
        krate: None,
    };
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("abi")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("function") {
                o.function = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("request") || meta.path.is_ident("response") {
                let req = meta.path.is_ident("request");
                if o.request.is_some_and(|r| r != req) {
                    return Err(meta.error("say `request` or `response`, not both"));
                }
                o.request = Some(req);
            } else if meta.path.is_ident("abi") {
                o.abi.push(meta.value()?.parse()?);
            } else if meta.path.is_ident("revision") {
                o.revision = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("krate") {
                let lit: LitStr = meta.value()?.parse()?;
                o.krate = Some(lit.parse()?);
            } else {
                return Err(meta.error(
                    "unknown `abi` attribute; expected `function`, `request`, `response`, `abi`, `revision` or `krate`",
                ));
            }
            Ok(())
        })?;
    }
    Ok(o)
}

/// The kind of a register value, and the Rust types that fit it.
fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::U8 => "an 8-bit integer (u8)".into(),
        TypeRef::U16 => "a 16-bit integer (u16)".into(),
        TypeRef::U32 => "a 32-bit integer (u32)".into(),
        TypeRef::U64 => "a 64-bit integer (u64)".into(),
        TypeRef::Address => "an address (u64)".into(),
        TypeRef::ReturnCode(n) => format!("the return code `{n}`"),
        TypeRef::Enum(n) => format!("the enum `{n}`"),
        TypeRef::Bitfield(n) => format!("the bit-field type `{n}`"),
        TypeRef::Struct(n) => format!("the struct `{n}`"),
    }
}

fn int_width(ty: &syn::Type) -> Option<u8> {
    let syn::Type::Path(p) = ty else { return None };
    if p.qself.is_some() || p.path.segments.len() != 1 {
        return None;
    }
    match p.path.segments[0].ident.to_string().as_str() {
        "u8" => Some(8),
        "u16" => Some(16),
        "u32" => Some(32),
        "u64" => Some(64),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "usize" | "u128" => Some(0),
        _ => None,
    }
}

fn last_segment(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(p) = ty else { return None };
    p.path.segments.last().map(|s| s.ident.to_string())
}

/// Check one field's type against its register value.
fn check_type(
    field: &syn::Field,
    v: &RegValue,
    iface: &Interface,
    func: &Function,
) -> Option<syn::Error> {
    let ty = &field.ty;
    let dir = if func.inputs.iter().any(|i| std::ptr::eq(i, v)) {
        "input"
    } else {
        "output"
    };
    let at = v.loc.to_string();
    let shown = quote!(#ty).to_string().replace(' ', "");
    let what = describe(&v.ty);
    let value_bits = v.hi - v.lo + 1;
    match &v.ty {
        TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64 | TypeRef::Address => {
            let need = codegen::model::storage_bits(iface.width_of(&v.ty).min(value_bits));
            match int_width(ty) {
                Some(0) => Some(syn::Error::new(
                    ty.span(),
                    format!(
                        "{dir} `{}` of `{}` is {what} ({at}); `{shown}` is the wrong kind, use u8, u16, u32 or u64",
                        v.name, func.name
                    ),
                )),
                Some(w) if w < need => Some(syn::Error::new(
                    ty.span(),
                    format!(
                        "{dir} `{}` of `{}` is {what} in bits {}:{} ({at}); `{shown}` is too narrow, it needs at least u{need}",
                        v.name, func.name, v.hi, v.lo
                    ),
                )),
                Some(_) => None,
                None => Some(syn::Error::new(
                    ty.span(),
                    format!(
                        "{dir} `{}` of `{}` is {what} ({at}); `{shown}` is the wrong kind, use an unsigned integer",
                        v.name, func.name
                    ),
                )),
            }
        }
        // Rule 33 keeps structs out of registers; the arm keeps the match whole.
        TypeRef::ReturnCode(_) | TypeRef::Enum(_) | TypeRef::Bitfield(_) | TypeRef::Struct(_) => {
            let n = v.ty.yaml_name();
            if last_segment(ty).as_deref() == Some(n) {
                return None;
            }
            Some(syn::Error::new(
                ty.span(),
                format!(
                    "{dir} `{}` of `{}` is {what} ({at}); `{shown}` is the wrong kind, use `{n}`",
                    v.name, func.name
                ),
            ))
        }
    }
}

fn derive(input: &DeriveInput) -> Result<TokenStream, syn::Error> {
    let o = options(input)?;
    let name = &input.ident;
    let Some(function) = &o.function else {
        return Err(syn::Error::new(
            name.span(),
            "name the ABI call: #[abi(function = \"NAME\", request)] or #[abi(function = \"NAME\", response)]",
        ));
    };
    let Some(is_request) = o.request else {
        return Err(syn::Error::new(
            function.span(),
            "say which side of the call this struct holds: add `request` (the inputs) or `response` (the outputs)",
        ));
    };
    let fields = named_fields(input)?;
    let loaded = load(&o.abi)?;
    let model = narrowed(&loaded.model, o.revision.as_ref())?;
    let (iface, func) = find_function(&model, function)?;
    let side = Side {
        func,
        iface,
        is_request,
    };
    let mapped = side.map_fields(fields, name)?;
    let krate = o
        .krate
        .clone()
        .unwrap_or_else(|| syn::parse_quote!(::cca_abi));
    let krate_tokens = quote!(#krate);
    let same_types = same_type_assertions(&mapped, iface, &krate_tokens, &input.generics);
    let codec = side.codec(&mapped, input, &krate_tokens);
    // A request whose address inputs all say `memory: none` works with the
    // typed call layer: `conduit.call(&request)`, answered by the crate's
    // response type. Only for the shipped ABI: the `unsafe impl` rests on
    // its `memory:` annotations, which a description of the user's own
    // (`abi = "…"`) could leave out for a function of `cca_abi`.
    let call = if is_request && o.abi.is_empty() && input.generics.params.is_empty() {
        let m = format_ident!("{}", iface.name.to_ascii_lowercase());
        codegen::emit::rust::call_impl(
            func,
            iface,
            &quote!(#name),
            &quote!(#krate::#m::),
            &krate_tokens,
        )
    } else {
        TokenStream::new()
    };
    let tracking = track(&loaded.files);
    Ok(quote!(#call #same_types #codec #tracking))
}

/// The named fields of the struct the derive is on.
fn named_fields(
    input: &DeriveInput,
) -> Result<&syn::punctuated::Punctuated<syn::Field, syn::Token![,]>, syn::Error> {
    if let Data::Struct(s) = &input.data
        && let Fields::Named(f) = &s.fields
    {
        return Ok(&f.named);
    }
    Err(syn::Error::new(
        input.ident.span(),
        "AbiCall needs a struct with named fields, one per register value",
    ))
}

/// The function `function` names, and its interface.
fn find_function<'m>(
    model: &'m Model,
    function: &LitStr,
) -> Result<(&'m Interface, &'m Function), syn::Error> {
    let found = model
        .interfaces
        .iter()
        .find_map(|i| i.function(&function.value()).map(|f| (i, f)));
    found.ok_or_else(|| {
        let files: Vec<&str> = model.interfaces.iter().map(|i| i.file.as_str()).collect();
        syn::Error::new(
            function.span(),
            format!(
                "unknown function `{}` in {}",
                function.value(),
                files.join(", ")
            ),
        )
    })
}

/// Errors gathered to be reported together.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }
}

/// One side (the inputs or the outputs) of one function.
struct Side<'m> {
    func: &'m Function,
    iface: &'m Interface,
    is_request: bool,
}

impl<'m> Side<'m> {
    fn values(&self) -> &'m [RegValue] {
        if self.is_request {
            &self.func.inputs
        } else {
            &self.func.outputs
        }
    }

    fn dir(&self) -> &'static str {
        if self.is_request { "input" } else { "output" }
    }

    /// Every field mapped to its register value; all mistakes at once.
    fn map_fields<'f>(
        &self,
        fields: impl IntoIterator<Item = &'f syn::Field>,
        name: &syn::Ident,
    ) -> Result<Vec<(&'f syn::Field, &'m RegValue)>, syn::Error> {
        let mut errors = Errors::default();
        let mut mapped = Vec::new();
        let mut used: BTreeMap<String, String> = BTreeMap::new();
        for field in fields {
            if let Some(v) = self.map_field(field, &mut used, &mut errors) {
                mapped.push((field, v));
            }
        }
        if self.is_request {
            self.missing_inputs(&used, name, &mut errors);
        }
        match errors.0 {
            Some(e) => Err(e),
            None => Ok(mapped),
        }
    }

    /// The register value one field carries: named after it, or by its
    /// `#[abi(name = "…")]`; once, and of a type that fits.
    fn map_field(
        &self,
        field: &syn::Field,
        used: &mut BTreeMap<String, String>,
        errors: &mut Errors,
    ) -> Option<&'m RegValue> {
        let fname = field.ident.as_ref()?;
        let value_name = value_name_attr(field, errors);
        let wanted = value_name
            .as_ref()
            .map_or_else(|| fname.to_string(), LitStr::value);
        let span = value_name.as_ref().map_or(fname.span(), LitStr::span);
        let dir = self.dir();
        let Some(v) = self.values().iter().find(|v| v.name == wanted) else {
            let list: Vec<&str> = self.values().iter().map(|v| v.name.as_str()).collect();
            let list = if list.is_empty() {
                "none".to_string()
            } else {
                list.join(", ")
            };
            let msg = format!(
                "`{}` has no {dir} `{wanted}` ({}); its {dir}s are: {list}",
                self.func.name, self.func.loc
            );
            errors.push(syn::Error::new(span, msg));
            return None;
        };
        if let Some(prev) = used.get(&v.name) {
            let msg = format!(
                "{dir} `{}` ({}) is already carried by field `{prev}`; a register value maps to one field",
                v.name,
                reg_name(v.reg)
            );
            errors.push(syn::Error::new(span, msg));
            return None;
        }
        used.insert(v.name.clone(), fname.to_string());
        if let Some(e) = check_type(field, v, self.iface, self.func) {
            errors.push(e);
            return None;
        }
        Some(v)
    }

    /// A request carries every required input.
    fn missing_inputs(
        &self,
        used: &BTreeMap<String, String>,
        name: &syn::Ident,
        errors: &mut Errors,
    ) {
        let missing: Vec<String> = self
            .func
            .inputs
            .iter()
            .filter(|v| !v.optional && !used.contains_key(&v.name))
            .map(|v| format!("`{}` ({}, {})", v.name, reg_name(v.reg), v.loc))
            .collect();
        if !missing.is_empty() {
            let msg = format!(
                "a request for `{}` must carry every required input; missing {}",
                self.func.name,
                missing.join(", ")
            );
            errors.push(syn::Error::new(name.span(), msg));
        }
    }

    /// The field's encoding into and decoding out of the registers.
    fn field_codec(
        &self,
        field: &syn::Field,
        v: &RegValue,
        name: &syn::Ident,
        krate: &TokenStream,
    ) -> (TokenStream, TokenStream, syn::Ident) {
        let f = field
            .ident
            .as_ref()
            .map_or_else(|| format_ident!("_"), Clone::clone);
        let ty = &field.ty;
        // Qualified paths, so the expansion needs nothing in scope.
        // ABI types are decoded as the ABI's own type: a field of another
        // type (see `same_type_assertions`) is then a mismatch at the field.
        let module = format_ident!("{}", self.iface.name.to_ascii_lowercase());
        let (ty_path, field_bits) = match &v.ty {
            TypeRef::ReturnCode(_) | TypeRef::Enum(_) | TypeRef::Bitfield(_) => {
                let abi = format_ident!("{}", v.ty.yaml_name());
                (quote!(#krate::#module::#abi), 64)
            }
            _ => (
                quote!(<#ty as ::core::convert::TryFrom<u64>>),
                int_width(ty).unwrap_or(64),
            ),
        };
        let label = format!("{}.{}", name, v.name);
        let (e, d) = codegen::emit::rust::register_codec(
            &f, &ty_path, field_bits, v, self.iface, &label, krate,
        );
        // An encoding error (a type without the ABI's methods) points at
        // the field's type too, beside the assertion's.
        (respan(e, ty.span()), d, f)
    }

    /// `FID`, `to_regs`/`from_regs` (or the `gprs` pair) for the struct.
    fn codec(
        &self,
        mapped: &[(&syn::Field, &RegValue)],
        input: &DeriveInput,
        krate: &TokenStream,
    ) -> TokenStream {
        let name = &input.ident;
        let (to_fn, from_fn) = if self.iface.transport == Transport::HostCall {
            (format_ident!("to_gprs"), format_ident!("from_gprs"))
        } else {
            (format_ident!("to_regs"), format_ident!("from_regs"))
        };
        let n = proc_macro2::Literal::usize_unsuffixed(self.iface.transport.reg_count());
        let fid = self.func.fid;
        let (mut enc, mut dec, mut names) = (Vec::new(), Vec::new(), Vec::new());
        for (field, v) in mapped {
            let (e, d, f) = self.field_codec(field, v, name, krate);
            enc.push(e);
            dec.push(d);
            names.push(f);
        }
        // Bits of a register that no value of the function uses must be zero,
        // whichever of the values this struct carries.
        let reserved =
            codegen::emit::rust::reserved_checks(self.values(), &name.to_string(), krate);
        let (fid_set, fid_check) = if self.is_request {
            (
                quote!(regs[0] = #fid as u64;),
                quote! {
                    if regs[0] != #fid as u64 {
                        return Err(#krate::DecodeError::WrongFunction { expected: #fid, found: regs[0] });
                    }
                },
            )
        } else {
            (quote!(), quote!())
        };
        let doc_fid = format!(
            " The function identifier of `{}` ({}).",
            self.func.name, self.func.loc
        );
        let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
        quote! {
            #[allow(clippy::identity_op, clippy::unnecessary_cast, clippy::useless_conversion)]
            impl #impl_generics #name #ty_generics #where_clause {
                #[doc = #doc_fid]
                pub const FID: u32 = #fid;
                /// Encode into registers; registers no field names are zero.
                pub fn #to_fn(&self) -> [u64; #n] {
                    let mut regs = [0u64; #n];
                    #fid_set
                    #(#enc)*
                    regs
                }
                /// Decode from registers: unknown values and reserved bits are errors.
                pub fn #from_fn(regs: &[u64; #n]) -> ::core::result::Result<Self, #krate::DecodeError> {
                    #fid_check
                    #(#reserved)*
                    #(#dec)*
                    Ok(Self { #(#names),* })
                }
            }
        }
    }
}

/// A field's `#[abi(name = "VALUE")]`, if any; other keys are errors.
fn value_name_attr(field: &syn::Field, errors: &mut Errors) -> Option<LitStr> {
    let mut value_name: Option<LitStr> = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("abi")) {
        let r = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                value_name = Some(meta.value()?.parse()?);
                Ok(())
            } else {
                Err(meta.error("unknown `abi` field attribute; expected `name = \"VALUE\"`"))
            }
        });
        if let Err(e) = r {
            errors.push(e);
        }
    }
    value_name
}

/// The name check of `check_type` sees only a type's last path segment; the
/// compiler compares the types themselves: each enum, bit-field or
/// return-code field must be the ABI's own type, and a mismatch (a local
/// `struct RsiRipas;`) is reported at the field's type. Skipped for generic
/// structs, whose field types may name their parameters.
fn same_type_assertions(
    mapped: &[(&syn::Field, &RegValue)],
    iface: &Interface,
    krate: &TokenStream,
    generics: &syn::Generics,
) -> TokenStream {
    if !generics.params.is_empty() {
        return TokenStream::new();
    }
    let m = format_ident!("{}", iface.name.to_ascii_lowercase());
    let checks: Vec<TokenStream> = mapped
        .iter()
        .filter_map(|(field, v)| {
            let (TypeRef::ReturnCode(_) | TypeRef::Enum(_) | TypeRef::Bitfield(_)) = &v.ty else {
                return None;
            };
            let abi = format_ident!("{}", v.ty.yaml_name());
            let ty = &field.ty;
            Some(quote_spanned! {ty.span()=>
                let _: fn(#krate::#m::#abi) -> #ty = |value| value;
            })
        })
        .collect();
    if checks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        const _: () = {
            #(#checks)*
        };
    }
}

/// `tokens` with every token placed at `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut t| {
            if let proc_macro2::TokenTree::Group(g) = &t {
                let mut group = proc_macro2::Group::new(g.delimiter(), respan(g.stream(), span));
                group.set_span(span);
                t = proc_macro2::TokenTree::Group(group);
            } else {
                t.set_span(span);
            }
            t
        })
        .collect()
}

fn reg_name(r: Reg) -> String {
    match r {
        Reg::X(k) => format!("X{k}"),
        Reg::Gpr(k) => format!("gprs[{k}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checked-in crate as `include_abi!()` expands it: without the
    /// zerocopy derives its `zerocopy` feature adds (the macro adds them only
    /// on request, and then always).
    fn without_zerocopy(mut file: syn::File) -> syn::File {
        for item in &mut file.items {
            if let syn::Item::Struct(s) = item {
                s.attrs.retain(|a| {
                    !(a.path().is_ident("cfg_attr") && quote!(#a).to_string().contains("zerocopy"))
                });
            }
        }
        file
    }

    /// The include macro's expansion of each interface module is, token for
    /// token, the checked-in `generated/rust/src/<interface>.rs`.
    #[test]
    fn include_expansion_is_the_checked_in_crate() {
        assert_eq!(compare_expansion(TokenStream::new(), |_| String::new()), 2);
    }

    /// With `revision = "1.1-alp17"`, the RSI module is the checked-in
    /// `rsi_1_1_alp17.rs` (the feature `rsi-1-1-alp17` of the crate), and RHI,
    /// which has no such revision, is its newest.
    #[test]
    fn include_expansion_follows_the_revision() {
        let suffix = |name: &str| {
            if name == "rsi" {
                "_1_1_alp17".to_string()
            } else {
                String::new()
            }
        };
        assert_eq!(compare_expansion(quote!(revision = "1.1-alp17"), suffix), 2);
    }

    /// An unknown revision names the known ones.
    #[test]
    fn include_unknown_revision() {
        let err = include(quote!(revision = "9.9"))
            .expect_err("refused")
            .to_string();
        assert!(
            err.starts_with("no interface has revision `9.9`; known revisions are "),
            "{err}"
        );
        assert!(
            err.contains("RSI: 1.0-rel0, 1.1-alp12, 1.1-alp17, 2.0-bet0"),
            "{err}"
        );
    }

    /// Compare each interface module of `include!(input)` with the checked-in
    /// `generated/rust/src/<name><suffix(name)>.rs`; the number compared.
    fn compare_expansion(input: TokenStream, suffix: impl Fn(&str) -> String) -> usize {
        let expansion = include(input).expect("the shipped ABI loads");
        let file: syn::File = syn::parse2(expansion).expect("the expansion parses");
        let mut compared = 0;
        for item in &file.items {
            let syn::Item::Mod(m) = item else { continue };
            let Some((_, items)) = &m.content else {
                continue;
            };
            let name = m.ident.to_string();
            if name == "runtime" || name == "model_host" {
                continue;
            }
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../generated/rust/src")
                .join(format!("{name}{}.rs", suffix(&name)));
            let checked_in = std::fs::read_to_string(&path).expect("read the generated module");
            let inner = m
                .attrs
                .iter()
                .filter(|a| matches!(a.style, syn::AttrStyle::Inner(_)));
            let module: syn::File =
                syn::parse2(quote!(#(#inner)* #(#items)*)).expect("the module parses as a file");
            let from_macro = prettyplease::unparse(&module);
            let from_file = prettyplease::unparse(&without_zerocopy(
                syn::parse_file(&checked_in).expect("parse"),
            ));
            if let Some((k, (a, b))) = from_macro
                .lines()
                .zip(from_file.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
            {
                panic!(
                    "{name}.rs differs from the include expansion at line {}:\n  macro: {a}\n  file:  {b}",
                    k + 1
                );
            }
            assert_eq!(
                from_macro.lines().count(),
                from_file.lines().count(),
                "{name}.rs length"
            );
            compared += 1;
        }
        compared
    }
}
