//! The model monitor at EL3: answers the guest's SMCs as the RMM would for
//! the RSI calls the guest makes, and as the scripted host of the chosen
//! hostile-host case for `RSI_HOST_CALL`. Requests are decoded with the
//! generated crate's decoders; every host call is logged on the UART
//! (`host-call N fid 0x… clean|dirty`) for `cargo xtask e2e` to check.

use cca_abi::rsi::{self, FunctionId, RsiCommandReturnCode as Rc};

use crate::{BootConfig, boot, mmu, println, scenarios, semihost};

/// What the RMM reports as the Realm's IPA width.
const IPA_WIDTH: u64 = 40;
/// What the host leaves in the structure's registers it may write.
const SCRIBBLE: u64 = 0xDEAD_0000;

/// The monitor's state: one case, the host calls made so far.
struct State {
    case: usize,
    host_calls: usize,
}

static mut STATE: State = State {
    case: 0,
    host_calls: 0,
};

/// Reset entry (from `_start`): choose the case, map memory, enter the guest.
#[unsafe(no_mangle)]
extern "C" fn el3_main() -> ! {
    let Some(config) = BootConfig::read() else {
        println!(
            "monitor: no case chosen (QEMU's loader writes it at {:#x})",
            BootConfig::ADDR
        );
        semihost::exit(2)
    };
    // SAFETY: EL3 runs alone; the guest has not started.
    let state = &raw mut STATE;
    unsafe { (*state).case = config.case };
    mmu::enable_el3();
    let case = &scenarios::CASES[config.case];
    println!(
        "monitor: case {}@{}, {} scripted host calls",
        case.name,
        config.page_name(),
        case.calls.len()
    );
    boot::enter_el1(config)
}

/// An SMC from EL1: `regs` holds the caller's X0-X30. The answers use
/// X0-X3 at most; X4-X17 are preserved, as Linux's `arm_smccc_1_1_invoke`
/// relies on.
#[unsafe(no_mangle)]
extern "C" fn el3_smc(regs: &mut [u64; 31]) {
    let esr: u64;
    // SAFETY: a read of the EL3 syndrome register.
    unsafe { core::arch::asm!("mrs {}, esr_el3", out(reg) esr) };
    if esr >> 26 != 0x17 {
        el3_unexpected();
    }
    let fid = regs[0];
    let mut args = [0u64; 18];
    args.copy_from_slice(&regs[..18]);
    let answer = match FunctionId::try_from(fid) {
        Ok(function) => rmm(function, &args),
        Err(_) if fid == u64::from(boot::GUEST_FAULT) => guest_fault(),
        Err(_) => not_supported(),
    };
    regs[..4].copy_from_slice(&answer[..4]);
}

/// The RMM's answer to an RSI function.
fn rmm(function: FunctionId, regs: &[u64; 18]) -> [u64; 18] {
    match function {
        FunctionId::Version => version(regs),
        FunctionId::Features => rsi::FeaturesResponse {
            result: Rc::Success,
            value: 0,
        }
        .to_regs(),
        FunctionId::RealmConfig => realm_config(regs),
        FunctionId::IpaStateGet => ipa_state_get(regs),
        FunctionId::HostCall => host_call(regs),
        _ => not_supported(),
    }
}

fn status(code: Rc) -> [u64; 18] {
    let mut regs = [0u64; 18];
    regs[0] = code.raw();
    regs
}

fn not_supported() -> [u64; 18] {
    let mut regs = [0u64; 18];
    regs[0] = u64::MAX;
    regs
}

/// RSI 1.0 only: a request for another major revision is `RSI_ERROR_INPUT`.
fn version(regs: &[u64; 18]) -> [u64; 18] {
    let v10 = rsi::RSI_ABI_VERSION_1_0;
    let result = match rsi::VersionRequest::from_regs(regs) {
        Ok(req) if req.req.major() == v10.major() => Rc::Success,
        _ => Rc::ErrorInput,
    };
    rsi::VersionResponse {
        result,
        lower: v10,
        higher: v10,
    }
    .to_regs()
}

/// The configuration into the granule at the IPA the guest passed.
fn realm_config(regs: &[u64; 18]) -> [u64; 18] {
    let Ok(req) = rsi::RealmConfigRequest::from_regs(regs) else {
        return status(Rc::ErrorInput);
    };
    if !req.addr.is_multiple_of(0x1000) || !mmu::is_ram(req.addr, 0x1000) {
        println!("rmm: realm-config refused at {:#x}", req.addr);
        return status(Rc::ErrorInput);
    }
    let config = req.addr as *mut rsi::RsiRealmConfig;
    // SAFETY: a granule of Realm RAM, identity-mapped at EL3; the guest
    // waits in its SMC while the RMM writes it.
    unsafe {
        config.write_bytes(0, 1);
        (*config).ipa_width = IPA_WIDTH;
    }
    status(Rc::Success)
}

/// RAM inside the machine's RAM, EMPTY elsewhere; reports the leading part
/// that has one RIPAS.
fn ipa_state_get(regs: &[u64; 18]) -> [u64; 18] {
    let Ok(req) = rsi::IpaStateGetRequest::from_regs(regs) else {
        return status(Rc::ErrorInput);
    };
    let aligned = req.base.is_multiple_of(0x1000) && req.top.is_multiple_of(0x1000);
    if !aligned || req.base >= req.top {
        return status(Rc::ErrorInput);
    }
    let (out_top, ripas) = if mmu::is_ram(req.base, 0x1000) {
        (req.top.min(mmu::RAM_END), rsi::RsiRipas::Ram)
    } else if req.base < mmu::RAM_BASE {
        (req.top.min(mmu::RAM_BASE), rsi::RsiRipas::Empty)
    } else {
        (req.top, rsi::RsiRipas::Empty)
    };
    rsi::IpaStateGetResponse {
        result: Rc::Success,
        out_top,
        ripas,
    }
    .to_regs()
}

/// `RSI_HOST_CALL`: the structure must be 0x100-byte aligned Realm RAM
/// (`RSI_ERROR_INPUT` otherwise, as the RMM answers); the host answers from
/// the case's script and then scribbles over what it may write.
fn host_call(regs: &[u64; 18]) -> [u64; 18] {
    let Ok(req) = rsi::HostCallRequest::from_regs(regs) else {
        return status(Rc::ErrorInput);
    };
    let size = core::mem::size_of::<rsi::RsiHostCall>() as u64;
    if !req.addr.is_multiple_of(0x100) || !mmu::is_ram(req.addr, size) {
        println!(
            "host-call refused at {:#x}: not 0x100-aligned Realm RAM",
            req.addr
        );
        return status(Rc::ErrorInput);
    }
    let state = &raw mut STATE;
    // SAFETY: EL3 runs alone; see `realm_config` for the structure.
    let (state, call) = unsafe { (&mut *state, &mut *(req.addr as *mut rsi::RsiHostCall)) };
    let clean = call.imm == 0 && call.gprs[1..].iter().all(|&g| g == 0);
    let n = state.host_calls;
    state.host_calls += 1;
    println!(
        "host-call {n} fid {:#x} {}",
        call.gprs[0],
        if clean { "clean" } else { "dirty" }
    );
    let step = scenarios::CASES[state.case]
        .calls
        .get(n)
        .copied()
        .unwrap_or((0, 0x10000));
    call.gprs[0] = step.1;
    call.imm = 0xBEEF;
    for (i, g) in call.gprs.iter_mut().enumerate().skip(1) {
        *g = SCRIBBLE + i as u64;
    }
    let mut answer = [0u64; 18];
    answer[0] = step.0;
    answer
}

/// The guest took an exception at EL1: report it and stop.
fn guest_fault() -> [u64; 18] {
    let (esr, elr, far): (u64, u64, u64);
    // SAFETY: reads of EL1 syndrome registers.
    unsafe {
        core::arch::asm!("mrs {}, esr_el1", "mrs {}, elr_el1", "mrs {}, far_el1",
            out(reg) esr, out(reg) elr, out(reg) far);
    }
    println!("guest fault: ESR_EL1 {esr:#x} ELR_EL1 {elr:#x} FAR_EL1 {far:#x}");
    semihost::exit(4)
}

/// An exception the monitor did not expect, at EL3 or from a lower EL.
#[unsafe(no_mangle)]
extern "C" fn el3_unexpected() -> ! {
    let (esr, elr, far): (u64, u64, u64);
    // SAFETY: reads of EL3 syndrome registers.
    unsafe {
        core::arch::asm!("mrs {}, esr_el3", "mrs {}, elr_el3", "mrs {}, far_el3",
            out(reg) esr, out(reg) elr, out(reg) far);
    }
    println!("monitor: unexpected exception ESR_EL3 {esr:#x} ELR_EL3 {elr:#x} FAR_EL3 {far:#x}");
    semihost::exit(3)
}
