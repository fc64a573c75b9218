//! The SMCs `rhi::ipa_change_alignment` makes, counted at the conduit:
//! `RSI_HOST_CALL` takes the trait's own `host_call` (as with `Smc`) to
//! `smc`, which hands it to the crate's scripted host.
//!
//! Usage: good_path PAGE_SIZE [RSI ANSWER]... (hex). Prints `smc FID` per
//! SMC, `host FID` per host call, then `result granule 0x…` or
//! `result error CLASS`.

use cca_abi::model_host::{ScriptedCall, ScriptedHost};
use cca_abi::{Conduit, rhi, rsi};

struct Counting<'a> {
    host: ScriptedHost<'a>,
    smcs: Vec<u32>,
    host_calls: Vec<u64>,
}

// SAFETY: addresses are their own IPAs, and the one address an SMC carries
// here is that of the `RsiHostCall` the trait's `host_call` lends.
unsafe impl Conduit for Counting<'_> {
    unsafe fn smc(&mut self, fid: u32, args: [u64; 17]) -> [u64; 18] {
        self.smcs.push(fid);
        if fid != rsi::RSI_HOST_CALL {
            // SAFETY: passed on under the caller's promise.
            return unsafe { self.host.smc(fid, args) };
        }
        // SAFETY: args[0] is the address of the structure `host_call` lends.
        let call = unsafe { &mut *(args[0] as usize as *mut rsi::RsiHostCall) };
        self.host_calls.push(call.gprs[0]);
        let mut regs = [0; 18];
        regs[0] = self.host.host_call(call);
        regs
    }

    fn ipa_of(&self, va: usize) -> u64 {
        va as u64
    }
}

fn hex(s: String) -> Result<u64, String> {
    u64::from_str_radix(s.trim_start_matches("0x"), 16).map_err(|e| format!("{s}: {e}"))
}

fn main() -> Result<(), String> {
    let args = std::env::args().skip(1).map(hex).collect::<Result<Vec<u64>, _>>()?;
    let Some((&page_size, calls)) = args.split_first() else {
        return Err("usage: good_path PAGE_SIZE [RSI ANSWER]...".into());
    };
    let script: Vec<ScriptedCall> = calls
        .chunks_exact(2)
        .map(|c| ScriptedCall { rsi: c[0], answer: c[1] })
        .collect();
    let mut conduit = Counting {
        host: ScriptedHost::new(&script),
        smcs: Vec::new(),
        host_calls: Vec::new(),
    };
    let result = rhi::ipa_change_alignment(&mut conduit, page_size);
    for fid in &conduit.smcs {
        println!("smc {fid:#x}");
    }
    for fid in &conduit.host_calls {
        println!("host {fid:#x}");
    }
    match result {
        Ok(granule) => println!("result granule {granule:#x}"),
        Err(e) => println!("result error {}", e.class()),
    }
    Ok(())
}
