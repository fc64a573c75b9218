//! Rust integer literals as the generated code spells them, for every
//! renderer of Rust tokens (the emitters and `plan::rule`).

use proc_macro2::Literal;

/// An integer literal: decimal below ten, else hex in groups of four digits.
pub(crate) fn lit_u64(v: u64) -> Literal {
    if v < 10 {
        return Literal::u64_unsuffixed(v);
    }
    // Hex in groups of four digits, as register values are read.
    let digits = format!("{v:X}");
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 4 == 0 {
            grouped.push('_');
        }
        grouped.push(c);
    }
    format!("0x{grouped}")
        .parse()
        .unwrap_or_else(|_| Literal::u64_unsuffixed(v))
}
