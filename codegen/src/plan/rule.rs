//! A query's validation rules as data, and every rendering of them side by
//! side: the C check, the Rust check, and the words that kernel-doc, rustdoc
//! and commit messages say. A changelog, a doc comment and the code it
//! describes state the same rules because they read the same `Rule`s.

use proc_macro2::TokenStream;
use quote::quote;

use crate::literal::lit_u64;
use crate::model::QueryValidate;

/// One condition a host's answer must meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    PowerOfTwo,
    AtLeast(u64),
    AtMost(u64),
}

/// The rules of `validate:`, in the order they are checked.
pub fn rules(v: &QueryValidate) -> Vec<Rule> {
    let mut out = Vec::new();
    if v.power_of_two {
        out.push(Rule::PowerOfTwo);
    }
    out.extend(v.min.map(Rule::AtLeast));
    out.extend(v.max.map(Rule::AtMost));
    out
}

fn power_of_two(rules: &[Rule]) -> bool {
    rules.contains(&Rule::PowerOfTwo)
}

/// The bounds, `(min, max)`.
fn bounds(rules: &[Rule]) -> (Option<u64>, Option<u64>) {
    let mut b = (None, None);
    for r in rules {
        match *r {
            Rule::AtLeast(v) => b.0 = Some(v),
            Rule::AtMost(v) => b.1 = Some(v),
            Rule::PowerOfTwo => {}
        }
    }
    b
}

/// `SZ_4K` and friends for the sizes `linux/sizes.h` names, else `UL(0x…)`.
pub fn c_size(v: u64) -> String {
    const NAMES: [(u64, &str); 9] = [
        (0x10, "SZ_16"),
        (0x1000, "SZ_4K"),
        (0x4000, "SZ_16K"),
        (0x1_0000, "SZ_64K"),
        (0x20_0000, "SZ_2M"),
        (0x1000_0000, "SZ_256M"),
        (0x2000_0000, "SZ_512M"),
        (0x4000_0000, "SZ_1G"),
        (0x1_0000_0000, "SZ_4G"),
    ];
    NAMES
        .iter()
        .find(|(n, _)| *n == v)
        .map_or_else(|| format!("UL({v:#x})"), |(_, s)| (*s).to_string())
}

impl Rule {
    /// The C condition on `*answer` that is true when the rule is broken.
    pub fn to_c(self) -> String {
        match self {
            Rule::PowerOfTwo => "!is_power_of_2(*answer)".into(),
            Rule::AtLeast(m) => format!("*answer < {}", c_size(m)),
            Rule::AtMost(m) => format!("*answer > {}", c_size(m)),
        }
    }
}

/// The C condition that is true when `*answer` breaks any rule (`0`: none).
pub fn to_c(rules: &[Rule]) -> String {
    if rules.is_empty() {
        return "0".into();
    }
    let checks: Vec<String> = rules.iter().map(|r| r.to_c()).collect();
    checks.join(" ||\n\t    ")
}

/// The Rust condition on `value` that holds when every rule is met; both
/// bounds read as one range check.
pub fn to_rust(rules: &[Rule]) -> TokenStream {
    let mut conds = Vec::new();
    if power_of_two(rules) {
        conds.push(quote!(value.is_power_of_two()));
    }
    let lit = lit_u64;
    match bounds(rules) {
        (Some(a), Some(b)) => {
            let (a, b) = (lit(a), lit(b));
            conds.push(quote!(#a <= value && value <= #b));
        }
        (Some(a), None) => {
            let a = lit(a);
            conds.push(quote!(value >= #a));
        }
        (None, Some(b)) => {
            let b = lit(b);
            conds.push(quote!(value <= #b));
        }
        (None, None) => {}
    }
    if conds.is_empty() {
        return quote!(true);
    }
    quote!(#(#conds)&&*)
}

/// The rules as kernel prose names a valid answer: "a power of two from
/// SZ_4K to SZ_512M", "a value of at least SZ_4K", "a value".
pub fn to_words(rules: &[Rule]) -> String {
    let kind = if power_of_two(rules) {
        "a power of two"
    } else {
        "a value"
    };
    let range = match bounds(rules) {
        (Some(a), Some(b)) => format!(" from {} to {}", c_size(a), c_size(b)),
        (Some(a), None) => format!(" of at least {}", c_size(a)),
        (None, Some(b)) => format!(" of at most {}", c_size(b)),
        (None, None) => String::new(),
    };
    format!("{kind}{range}")
}

/// The rules as rustdoc lists them: "a power of two, in 0x1000..=0x20000000",
/// "any value" when there are none.
pub fn to_rust_words(rules: &[Rule]) -> String {
    let mut words = Vec::new();
    if power_of_two(rules) {
        words.push("a power of two".to_string());
    }
    match bounds(rules) {
        (Some(a), Some(b)) => words.push(format!("in {a:#x}..={b:#x}")),
        (Some(a), None) => words.push(format!("at least {a:#x}")),
        (None, Some(b)) => words.push(format!("at most {b:#x}")),
        (None, None) => {}
    }
    if words.is_empty() {
        return "any value".into();
    }
    words.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(power_of_two: bool, min: Option<u64>, max: Option<u64>) -> Vec<Rule> {
        rules(&QueryValidate {
            power_of_two,
            min,
            max,
        })
    }

    #[test]
    fn each_rendering_states_the_same_rules() {
        let shipped = v(true, Some(0x1000), Some(0x2000_0000));
        assert_eq!(
            to_c(&shipped),
            "!is_power_of_2(*answer) ||\n\t    *answer < SZ_4K ||\n\t    *answer > SZ_512M"
        );
        assert_eq!(to_words(&shipped), "a power of two from SZ_4K to SZ_512M");
        assert_eq!(
            to_rust_words(&shipped),
            "a power of two, in 0x1000..=0x20000000"
        );
        let floor = v(false, Some(0x3000), None);
        assert_eq!(to_c(&floor), "*answer < UL(0x3000)");
        assert_eq!(to_words(&floor), "a value of at least UL(0x3000)");
        assert_eq!(to_rust_words(&floor), "at least 0x3000");
        assert_eq!(to_rust(&floor).to_string(), "value >= 0x3000");
        assert_eq!(
            to_rust(&shipped).to_string(),
            "value . is_power_of_two () && 0x1000 <= value && value <= 0x2000_0000"
        );
        let none = v(false, None, None);
        assert_eq!(
            (to_c(&none), to_words(&none)),
            ("0".into(), "a value".into())
        );
        assert_eq!(to_rust(&none).to_string(), "true");
    }
}
