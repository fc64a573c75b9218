//! A model RMM and host that stand in for the real ones in tests, examples and
//! doctests: they answer `RSI_VERSION`, `RSI_FEATURES`, `RSI_REALM_CONFIG`
//! and `RSI_HOST_CALL`,
//! and behind the host call the RHI hostconf group. Written verbatim into the
//! generated crate from `templates/rust/model_host.rs`.

use super::Conduit;
use super::rhi;
use super::rsi::{self, RsiHostCall};

/// `SMCCC_RET_NOT_SUPPORTED` as register bits.
const NOT_SUPPORTED: u64 = u64::MAX;

/// A well-behaved RMM and host whose answers are fields you can change.
///
/// Every host call is checked the way a strict host would: a request with a
/// non-zero `imm` or a non-zero `gprs[1..=30]` is counted in `dirty_requests`.
#[derive(Clone, Debug)]
pub struct ModelHost {
    /// The range of RSI revisions the RMM implements (lower, higher).
    pub rsi_versions: (rsi::RsiInterfaceVersion, rsi::RsiInterfaceVersion),
    /// What `RSI_FEATURES` returns for index 0.
    pub rsi_features0: u64,
    /// The IPA width `RSI_REALM_CONFIG` reports.
    pub ipa_width: u64,
    /// The hash algorithm `RSI_REALM_CONFIG` reports (`RsiHashAlgorithm` bits).
    pub hash_algo: u8,
    /// What the host answers to `RHI_HOSTCONF_VERSION`.
    pub hostconf_version: u64,
    /// What the host answers to `RHI_HOSTCONF_FEATURES`.
    pub hostconf_features: u64,
    /// What the host answers to `RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT`.
    pub ipa_change_alignment: u64,
    /// Host calls made so far.
    pub host_calls: u32,
    /// Host calls whose structure carried anything besides the function identifier.
    pub dirty_requests: u32,
}

impl ModelHost {
    /// RSI 1.0, RHI hostconf 1.0 with IPA-change alignment advertised as 4 KiB.
    pub fn new() -> Self {
        Self {
            rsi_versions: (rsi::RSI_ABI_VERSION_1_0, rsi::RSI_ABI_VERSION_1_0),
            rsi_features0: 0,
            ipa_width: 48,
            hash_algo: 0,
            hostconf_version: rhi::RHI_HOSTCONF_VER_1_0.bits(),
            hostconf_features: rhi::RhiHostconfFeatures::new()
                .with_ipa_change_alignment(true)
                .bits(),
            ipa_change_alignment: 0x1000,
            host_calls: 0,
            dirty_requests: 0,
        }
    }
}

impl Default for ModelHost {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: the model writes no memory through addresses: `smc` answers from
// its fields, and `host_call` works on the structure it is lent.
#[allow(unsafe_code)]
unsafe impl Conduit for ModelHost {
    unsafe fn smc(&mut self, fid: u32, args: [u64; 17]) -> [u64; 18] {
        let mut regs = [0u64; 18];
        regs[1..].copy_from_slice(&args);
        match fid {
            rsi::RSI_VERSION => {
                let (lower, higher) = self.rsi_versions;
                let asked = rsi::RsiInterfaceVersion::from_register(args[0]);
                let ok = asked.is_ok_and(|v| v.major() == higher.major() && v.minor() <= higher.minor());
                let status = if ok {
                    rsi::RSI_SUCCESS
                } else {
                    rsi::RSI_ERROR_INPUT
                };
                rsi::VersionResponse {
                    result: rsi::RsiCommandReturnCode::from_raw(status),
                    lower,
                    higher,
                }
                .to_regs()
            }
            rsi::RSI_FEATURES => {
                let value = if args[0] == 0 { self.rsi_features0 } else { 0 };
                rsi::FeaturesResponse {
                    result: rsi::RsiCommandReturnCode::Success,
                    value,
                }
                .to_regs()
            }
            _ => {
                regs[0] = NOT_SUPPORTED;
                regs
            }
        }
    }

    /// The model reads and writes no memory through an IPA: identity.
    fn ipa_of(&self, va: usize) -> u64 {
        va as u64
    }

    fn realm_config(
        &mut self,
        config: &mut rsi::RsiRealmConfig,
    ) -> Result<(), super::CallError<rsi::RsiCommandReturnCode>> {
        *config = rsi::RsiRealmConfig::zeroed();
        config.ipa_width = self.ipa_width;
        config.hash_algo = self.hash_algo;
        Ok(())
    }

    fn host_call(&mut self, call: &mut RsiHostCall) -> u64 {
        self.host_calls += 1;
        if call.imm != 0 || call.gprs[1..].iter().any(|&g| g != 0) {
            self.dirty_requests += 1;
        }
        let answer = match u32::try_from(call.gprs[0]) {
            Ok(rhi::RHI_HOSTCONF_VERSION) => self.hostconf_version,
            Ok(rhi::RHI_HOSTCONF_FEATURES) => self.hostconf_features,
            Ok(rhi::RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT) => self.ipa_change_alignment,
            _ => NOT_SUPPORTED,
        };
        call.gprs[0] = answer;
        rsi::RSI_SUCCESS
    }
}

/// One scripted host call: what `RSI_HOST_CALL` returns and what the host
/// leaves in `gprs[0]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScriptedCall {
    /// The RSI status of `RSI_HOST_CALL` itself.
    pub rsi: u64,
    /// The host's answer in `gprs[0]`.
    pub answer: u64,
}

/// A hostile host: answers from a script, records what it was asked, and
/// scribbles over `imm` and `gprs[1..=30]` after every call, so a guest that
/// does not clear the structure before the next call is caught.
#[derive(Clone, Debug)]
pub struct ScriptedHost<'a> {
    script: &'a [ScriptedCall],
    /// Host calls made so far.
    pub calls: usize,
    /// Requests that carried anything besides the function identifier.
    pub dirty_requests: usize,
    /// The function identifiers asked for, in order (the first eight).
    pub fids: [u64; 8],
}

impl<'a> ScriptedHost<'a> {
    /// A host that will answer `script`, one entry per call.
    pub fn new(script: &'a [ScriptedCall]) -> Self {
        Self {
            script,
            calls: 0,
            dirty_requests: 0,
            fids: [0; 8],
        }
    }
}

// SAFETY: as for `ModelHost`: no memory is written through an address.
#[allow(unsafe_code)]
unsafe impl Conduit for ScriptedHost<'_> {
    unsafe fn smc(&mut self, _fid: u32, _args: [u64; 17]) -> [u64; 18] {
        let mut regs = [0u64; 18];
        regs[0] = NOT_SUPPORTED;
        regs
    }

    /// The model reads and writes no memory through an IPA: identity.
    fn ipa_of(&self, va: usize) -> u64 {
        va as u64
    }

    fn host_call(&mut self, call: &mut RsiHostCall) -> u64 {
        if call.imm != 0 || call.gprs[1..].iter().any(|&g| g != 0) {
            self.dirty_requests += 1;
        }
        if let Some(slot) = self.fids.get_mut(self.calls) {
            *slot = call.gprs[0];
        }
        let step = self.script.get(self.calls).copied().unwrap_or(ScriptedCall {
            rsi: rsi::RSI_SUCCESS,
            answer: 0x10000,
        });
        self.calls += 1;
        call.gprs[0] = step.answer;
        call.imm = 0xBEEF;
        for (i, g) in call.gprs.iter_mut().enumerate().skip(1) {
            *g = 0xDEAD_0000 + i as u64;
        }
        step.rsi
    }
}
