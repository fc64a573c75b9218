//! Tokens as a formatted file, as the generated crate is written
//! (`prettyplease`).

use proc_macro2::TokenStream;

/// Format tokens as a file, as the generated crate is written.
pub fn format_tokens(tokens: TokenStream) -> String {
    format_file(tokens)
}

/// Format tokens as a file; tokens that do not parse become a `compile_error!`.
pub(super) fn format_file(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens) {
        Ok(f) => prettyplease::unparse(&f),
        Err(e) => format!("compile_error!({:?});\n", e.to_string()),
    }
}
