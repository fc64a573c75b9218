//! Functions out of `objdump -t` and `objdump -dr` (binutils, aarch64):
//! each one's instructions (to its symbol's size) and where it branches out
//! of itself, so that a routine's size takes in every function of the
//! objects it calls.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context as _, Result};

use super::OBJDUMP;
use crate::process::run;

/// A function of an object file, from `objdump -t` and `objdump -dr`.
#[derive(Debug, Default)]
pub struct Func {
    /// The object (archive member) it is in.
    pub member: String,
    name: String,
    global: bool,
    section: String,
    start: u64,
    size: u64,
    instructions: usize,
    /// Where it branches outside itself: a symbol, or `section+0xoffset`.
    calls: Vec<String>,
}

/// Every function of the object or archive at `path`.
pub fn functions(path: &Path) -> Result<Vec<Func>> {
    let dump = |args: &[&str]| {
        let mut argv: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
        argv.push(path.into());
        run(
            &crate::process::cmd(OBJDUMP, argv),
            &format!("{OBJDUMP} {} {}", args.join(" "), path.display()),
        )
    };
    let mut funcs = symbols(&dump(&["-t", "-C"])?);
    disassembly(&dump(&["-d", "-r", "-C"])?, &mut funcs);
    Ok(funcs)
}

/// `MEMBER:     file format …` opens each object of objdump's output.
fn member_header(line: &str) -> Option<&str> {
    line.split_once(":     file format ").map(|(m, _)| m)
}

/// The function symbols of `objdump -t` output: `VALUE FLAGS SECTION\tSIZE NAME`.
fn symbols(text: &str) -> Vec<Func> {
    let mut member = "";
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(m) = member_header(line) {
            member = m;
            continue;
        }
        let Some((left, right)) = line.split_once('\t') else {
            continue;
        };
        let (Some(value), Some(flags), Some(section)) =
            (left.get(..16), left.get(17..24), left.get(25..))
        else {
            continue;
        };
        let Some((size, name)) = right.split_once(' ') else {
            continue;
        };
        let (Ok(start), Ok(size)) = (
            u64::from_str_radix(value, 16),
            u64::from_str_radix(size, 16),
        ) else {
            continue;
        };
        if !flags.ends_with('F') {
            continue;
        }
        let name = [".hidden ", ".protected ", ".internal "]
            .iter()
            .fold(name.trim(), |n, v| n.strip_prefix(v).unwrap_or(n));
        out.push(Func {
            member: member.to_string(),
            name: name.to_string(),
            global: !flags.starts_with('l'),
            section: section.trim().to_string(),
            start,
            size,
            ..Func::default()
        });
    }
    out
}

/// Count each function's instructions (to its symbol's size: alignment
/// padding is not its own) and collect its branches out of it from
/// `objdump -dr` output. A branch's relocation, where it has one, names the
/// target in place of the address in the instruction.
fn disassembly(text: &str, funcs: &mut [Func]) {
    let (mut member, mut section) = ("", "");
    let mut current: Option<usize> = None;
    for line in text.lines() {
        if let Some(m) = member_header(line) {
            (member, current) = (m, None);
        } else if let Some(s) = line.strip_prefix("Disassembly of section ") {
            (section, current) = (s.trim_end_matches(':'), None);
        } else if let Some(start) = function_header(line) {
            current = (funcs.iter())
                .position(|f| f.member == member && f.section == section && f.start == start);
        } else if let Some(f) = current.and_then(|i| funcs.get_mut(i)) {
            if let Some(target) = branch_relocation(line) {
                f.calls.pop();
                f.calls.push(target.to_string());
            } else if let Some((at, target)) = instruction(line) {
                if at >= f.start + f.size {
                    continue;
                }
                f.instructions += 1;
                match target {
                    Some(t) if !(f.start..f.start + f.size).contains(&t) => {
                        f.calls.push(format!("{section}+{t:#x}"));
                    }
                    // A branch within the function; a relocation may follow.
                    Some(_) => f.calls.push(String::new()),
                    None => {}
                }
            }
        }
    }
    for f in funcs.iter_mut() {
        f.calls.retain(|c| !c.is_empty());
    }
}

/// `0000000000000040 <name>:` opens a function's instructions.
fn function_header(line: &str) -> Option<u64> {
    let (addr, rest) = line.split_once(" <")?;
    rest.ends_with(">:")
        .then(|| u64::from_str_radix(addr, 16).ok())
        .flatten()
}

/// `\t\t\t30: R_AARCH64_CALL26\tmemset`: the target of the branch above.
fn branch_relocation(line: &str) -> Option<&str> {
    let (_, rest) = line.trim_start().split_once(": R_AARCH64_")?;
    let (kind, target) = rest.split_once('\t')?;
    ["CALL26", "JUMP26", "CONDBR19", "TSTBR14"]
        .contains(&kind)
        .then_some(target.trim())
}

/// `  30:\t94000000 \tbl\t0 <memset>`: the instruction's address, and its
/// target if it is a direct branch.
fn instruction(line: &str) -> Option<(u64, Option<u64>)> {
    let mut fields = line.split('\t');
    let at = u64::from_str_radix(fields.next()?.trim().strip_suffix(':')?, 16).ok()?;
    let encoding = fields.next()?.trim();
    if encoding.len() != 8 || !encoding.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mnemonic = fields.next().unwrap_or_default().trim();
    let operands = fields.next().unwrap_or_default();
    let branch = mnemonic == "b"
        || mnemonic == "bl"
        || mnemonic.starts_with("b.")
        || ["cbz", "cbnz", "tbz", "tbnz"].contains(&mnemonic);
    let target = branch
        .then(|| operands.split(" <").next())
        .flatten()
        .and_then(|o| o.rsplit([' ', ',']).next())
        .and_then(|t| u64::from_str_radix(t, 16).ok());
    Some((at, target))
}

/// The functions a routine runs: itself and every function of the object
/// it calls, transitively; and what it calls outside.
pub struct Size {
    pub total: usize,
    pub parts: Vec<(String, usize)>,
    pub outside: BTreeSet<String>,
}

impl Size {
    pub fn of(funcs: &[Func], root: &str) -> Result<Size> {
        let start = (funcs.iter())
            .position(|f| f.name == root)
            .with_context(|| format!("no function `{root}` in the object"))?;
        let (mut seen, mut todo) = (vec![start], vec![start]);
        let mut outside = BTreeSet::new();
        while let Some(i) = todo.pop() {
            for call in &funcs[i].calls {
                match resolve(funcs, &funcs[i], call) {
                    Some(j) if !seen.contains(&j) => {
                        seen.push(j);
                        todo.push(j);
                    }
                    Some(_) => {}
                    None => {
                        outside.insert(call.clone());
                    }
                }
            }
        }
        let parts: Vec<(String, usize)> = (seen.iter())
            .map(|&i| (funcs[i].name.clone(), funcs[i].instructions))
            .collect();
        Ok(Size {
            total: parts.iter().map(|(_, n)| n).sum(),
            parts,
            outside,
        })
    }

    /// `a() + b()`.
    pub fn names(&self) -> String {
        let names: Vec<String> = self.parts.iter().map(|(n, _)| format!("`{n}()`")).collect();
        names.join(" + ")
    }

    /// `a 40 + b 20 = 60 instructions; calls out to memset`.
    pub fn detail(&self) -> String {
        let parts: Vec<String> = self.parts.iter().map(|(n, k)| format!("{n} {k}")).collect();
        let outside: Vec<&str> = self.outside.iter().map(String::as_str).collect();
        format!(
            "{} = {} instructions; calls out to {}",
            parts.join(" + "),
            self.total,
            if outside.is_empty() {
                "nothing".to_string()
            } else {
                outside.join(", ")
            }
        )
    }
}

/// The function a branch from `from` to `target` enters, if the objects
/// define it: `section+0xoffset` or a local symbol of the same object, or
/// a global symbol.
fn resolve(funcs: &[Func], from: &Func, target: &str) -> Option<usize> {
    let (base, offset) = match target.split_once('+') {
        Some((b, o)) => (b, u64::from_str_radix(o.trim_start_matches("0x"), 16).ok()?),
        None => (target, 0),
    };
    let here = |f: &Func| f.member == from.member;
    (funcs.iter())
        .position(|f| here(f) && f.section == base && f.start == offset)
        .or_else(|| funcs.iter().position(|f| here(f) && f.name == target))
        .or_else(|| funcs.iter().position(|f| f.global && f.name == target))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SYMBOLS: &str = "
unit.o:     file format elf64-littleaarch64

SYMBOL TABLE:
0000000000000000 l     F .init.text\t0000000000000010 helper
0000000000000010 l     F .init.text\t0000000000000008 routine
0000000000000000 g     F .text.unlikely\t0000000000000004 .hidden entry
";

    const DISASSEMBLY: &str = "
unit.o:     file format elf64-littleaarch64


Disassembly of section .init.text:

0000000000000000 <helper>:
   0:\t94000000 \tbl\t0 <memset>
\t\t\t0: R_AARCH64_CALL26\tmemset
   4:\tb4000040 \tcbz\tx0, c <helper+0xc>
   8:\td503201f \tnop
   c:\td65f03c0 \tret

0000000000000010 <routine>:
  10:\t97fffffc \tbl\t0 <helper>
  14:\td65f03c0 \tret
  18:\td503201f \tnop

Disassembly of section .text.unlikely:

0000000000000000 <entry>:
   0:\t14000000 \tb\t0 <entry>
\t\t\t0: R_AARCH64_JUMP26\t.init.text+0x10
";

    fn funcs() -> Vec<Func> {
        let mut funcs = symbols(SYMBOLS);
        disassembly(DISASSEMBLY, &mut funcs);
        funcs
    }

    #[test]
    fn a_routine_counts_the_functions_of_the_object_it_calls_and_not_its_padding() {
        let size = Size::of(&funcs(), "routine").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(size.total, 2 + 4);
        assert_eq!(size.outside, BTreeSet::from(["memset".to_string()]));
    }

    #[test]
    fn a_relocation_against_a_section_names_the_function_at_that_offset() {
        let size = Size::of(&funcs(), "entry").unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = size.parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["entry", "routine", "helper"]);
    }
}
