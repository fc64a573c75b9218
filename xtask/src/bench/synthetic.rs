//! Seeded synthetic descriptions for the scaling figures and the bounds tests
//! (`xtask/tests/bounds.rs` includes this file): one interface of `n`
//! functions, with an enum, a bit-field type and a memory structure per ten
//! functions, so types grow in proportion. Same `n`, same bytes.

use std::fmt::Write as _;

/// The interface header: a vendor hypervisor range (SMCCC owner 6), every
/// number free.
pub const HEAD: &str = "interface:\n  name: SYN\n  title: Synthetic\n  transport: smc\n  owner: 6\n  call_type: fast\n  width: 64\n  numbers: { first: 0x0, last: 0xFFFF }\n  revision: \"1.0\"\n  spec: { document: none, revision: \"1\", title: none }\n  source: test\n";

/// A linear congruential generator (Knuth's MMIX constants): enough to vary
/// values without a dependency, and the same sequence everywhere.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn enums(text: &mut String, n: usize, seed: &mut Seeded) {
    text.push_str("enums:\n");
    for e in 0..n {
        let _ = writeln!(
            text,
            "  - name: SynE{e}\n    width: 8\n    source: test\n    values:\n      - {{ name: SYN_E{e}_A, value: 0 }}\n      - {{ name: SYN_E{e}_B, value: {} }}",
            1 + seed.next(200)
        );
    }
}

fn bitfields(text: &mut String, n: usize, seed: &mut Seeded) {
    text.push_str("bitfields:\n");
    for b in 0..n {
        let low = 1 + seed.next(30);
        let _ = writeln!(
            text,
            "  - name: SynB{b}\n    width: 64\n    source: test\n    fields:\n      - {{ bits: \"63:{}\", reserved: true }}\n      - {{ name: kind, bits: \"{}:{low}\" }}\n      - {{ name: flag, bits: \"{}:0\" }}",
            low + 8,
            low + 7,
            low - 1
        );
    }
}

fn structs(text: &mut String, n: usize) {
    text.push_str("structs:\n");
    for s in 0..n {
        let _ = writeln!(
            text,
            "  - name: SynS{s}\n    size: 0x40\n    align: 8\n    source: test\n    doc: Structure {s}.\n    members:\n      - {{ name: id, offset: 0x0, type: u64, doc: \"Identifier.\" }}\n      - {{ name: kind, offset: 0x8, type: SynE{s}, doc: \"Kind.\" }}\n      - {{ name: pad0, offset: 0x9, size: 7, reserved: true }}\n      - {{ name: words, offset: 0x10, type: u64, count: 6, doc: \"Payload.\" }}"
        );
    }
}

fn functions(text: &mut String, n: usize) {
    text.push_str("functions:\n");
    for f in 0..n {
        let t = f / 10;
        let _ = writeln!(
            text,
            "  - name: SYN_F{f}\n    number: {f:#x}\n    since: \"1.0\"\n    status: stable\n    source: test\n    doc: Function {f}.\n    inputs:\n      - {{ name: a, reg: X1, type: u64, doc: \"First input.\" }}\n      - {{ name: b, reg: X2, type: SynB{t}, doc: \"Second input.\" }}\n    outputs:\n      - {{ name: c, reg: X0, type: SynE{t}, doc: \"Status.\" }}\n      - {{ name: d, reg: X1, bits: \"31:0\", type: u32, doc: \"Result.\" }}"
        );
    }
}

/// The description of `n` functions (at least ten).
pub fn description(n: usize) -> String {
    let mut seed = Seeded(0x5EED);
    let types = n.div_ceil(10);
    let mut text = String::from(HEAD);
    enums(&mut text, types, &mut seed);
    bitfields(&mut text, types, &mut seed);
    structs(&mut text, types);
    functions(&mut text, n);
    text
}

/// A Linux profile that generates the synthetic interface's C header beside
/// the RSI one, to be appended to the profiles of `abi/outputs.yaml` (it
/// takes the rest, the query included, from `rsi-c`).
pub const PROFILE: &str = "    - name: syn-c\n      extends: rsi-c\n      doc: The synthetic interface of the scaling figures.\n      headers:\n        - interface: RSI\n          path: arch/arm64/include/asm/rsi_smc.h\n          guard: __ASM_RSI_SMC_H_\n          fid_macro: SMC_RSI_FID\n          fid_prefix: SMC_\n          version: { constant: RSI_ABI_VERSION_1_0, name: RSI_ABI_VERSION }\n          statuses: [stable]\n          items: all\n        - interface: RHI\n          path: arch/arm64/include/asm/rsi_smc.h\n          guard: __ASM_RSI_SMC_H_\n          fid_macro: SMC_RHI_CALL\n          fid_prefix: \"\"\n          statuses: [stable, draft]\n          items: used\n        - interface: SYN\n          path: include/linux/syn.h\n          guard: __LINUX_SYN_H_\n          fid_macro: SMC_SYN_FID\n          fid_prefix: SMC_\n          statuses: [stable]\n          items: all\n";
