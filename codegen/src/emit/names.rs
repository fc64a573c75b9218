//! Names shared by the C and Rust emitters: identifiers of the description
//! (`RsiHostCall`) turned into C and Rust case styles.

/// `RsiInterfaceVersion` -> `RSI_INTERFACE_VERSION`.
pub fn upper_snake(camel: &str) -> String {
    snake(camel).to_ascii_uppercase()
}

/// `RsiHostCall` -> `rsi_host_call`.
pub fn snake(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}
