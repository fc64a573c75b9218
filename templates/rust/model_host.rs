//! A model RMM and host that stand in for the real ones in tests, examples and
//! doctests (feature `model-host`). Written verbatim into the generated crate
//! from `templates/rust/model_host.rs`.
//!
//! Each call is one line; the model answers these RSI 1.0 functions and,
//! behind `RSI_HOST_CALL`, the RHI hostconf group:
//!
//! ```
//! use cca_abi::{Conduit, model_host::ModelHost, rhi, rsi};
//!
//! let mut rmm = ModelHost::new();
//! // RSI_VERSION
//! let v = rmm.call(&rsi::VersionRequest { req: rsi::RSI_ABI_VERSION_1_0 })?;
//! assert_eq!(v.higher, rsi::RSI_ABI_VERSION_1_0);
//! // RSI_FEATURES
//! assert_eq!(rmm.call(&rsi::FeaturesRequest { index: 0 })?.value, 0);
//! // RSI_MEASUREMENT_EXTEND, then RSI_MEASUREMENT_READ
//! let mut extend = rsi::MeasurementExtendRequest { index: 1, size: 64, ..Default::default() };
//! extend.set_value_bytes(&[0x5a; 64]);
//! rmm.call(&extend)?;
//! assert_eq!(rmm.call(&rsi::MeasurementReadRequest { index: 1 })?.value_bytes(), [0x5a; 64]);
//! // RSI_ATTESTATION_TOKEN_INIT
//! let mut init = rsi::AttestationTokenInitRequest::default();
//! init.set_challenge_bytes(&[7; 64]);
//! assert_eq!(rmm.call(&init)?.size, 0x1000);
//! // RSI_ATTESTATION_TOKEN_CONTINUE, into a buffer the caller lends
//! let chunk = rmm.attestation_token_continue(&mut [0u8; 0x100])?;
//! assert_eq!((chunk.written, chunk.complete), (0x100, false));
//! // RSI_IPA_STATE_SET, repeated as the host makes progress (SAFETY: the
//! // model has no memory in the range)
//! let flags = rsi::RsiRipasChangeFlags::new();
//! unsafe { rmm.ipa_state_set(0x8000_0000..0x8010_0000, rsi::RsiRipas::Ram, flags) }.unwrap();
//! // RSI_IPA_STATE_GET
//! let state = rmm.call(&rsi::IpaStateGetRequest { base: 0x8000_0000, top: 0x8001_0000 })?;
//! assert_eq!((state.out_top, state.ripas), (0x8001_0000, rsi::RsiRipas::Ram));
//! // RSI_REALM_CONFIG, into a structure the caller lends
//! let mut config = Box::new(rsi::RsiRealmConfig::zeroed());
//! rmm.realm_config(&mut config)?;
//! assert_eq!(config.ipa_width, 48);
//! // RSI_HOST_CALL, with a structure the caller lends
//! let mut call = rsi::RsiHostCall::zeroed();
//! call.gprs[0] = u64::from(rhi::RHI_HOSTCONF_VERSION);
//! assert_eq!(rmm.host_call(&mut call), rsi::RSI_SUCCESS);
//! // RSI_HOST_CALL carrying RHI_HOSTCONF_VERSION, RHI_HOSTCONF_FEATURES and
//! // RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT
//! assert_eq!(rmm.call(&rhi::HostconfVersionRequest {}).map(|a| a.version), Ok(rhi::RHI_HOSTCONF_VER_1_0));
//! assert!(rmm.call(&rhi::HostconfFeaturesRequest {}).is_ok_and(|a| a.features.ipa_change_alignment()));
//! assert_eq!(rmm.call(&rhi::HostconfGetIpaChangeAlignmentRequest {}).map(|a| a.alignment), Ok(0x1000));
//! # Ok::<(), cca_abi::CallError<rsi::RsiCommandReturnCode>>(())
//! ```

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
    /// The measurements `RSI_MEASUREMENT_READ` reports: RIM, then REM 1-4.
    /// `RSI_MEASUREMENT_EXTEND` folds a value into a REM by XOR: a model of
    /// the bookkeeping, not of the hash.
    pub measurements: [[u8; 64]; 5],
    /// The RIPAS `RSI_IPA_STATE_GET` reports for any range.
    pub ripas: rsi::RsiRipas,
    /// The upper bound `RSI_ATTESTATION_TOKEN_INIT` gives for the token size.
    pub token_size: u64,
    /// The length of the token `RSI_ATTESTATION_TOKEN_CONTINUE` writes: the
    /// challenge, repeated ([`ModelHost::token_byte`]).
    pub token_len: usize,
    /// Bytes of the range the host changes per `RSI_IPA_STATE_SET` before it
    /// lets the Realm run again (the Realm repeats the command).
    pub ripas_change_step: u64,
    /// The host rejects every RIPAS change.
    pub reject_ripas_change: bool,
    /// The token in progress: its challenge and the bytes written so far.
    attestation: Option<([u8; 64], usize)>,
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
            measurements: [[0; 64]; 5],
            ripas: rsi::RsiRipas::Ram,
            token_size: 0x1000,
            token_len: 0x5C3,
            ripas_change_step: 0x4_0000,
            reject_ripas_change: false,
            attestation: None,
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

impl ModelHost {
    /// `RSI_MEASUREMENT_READ` of slot `index` (0: RIM, 1-4: REMs).
    fn measurement_read(&self, index: u64) -> [u64; 18] {
        let Some(value) = usize::try_from(index).ok().and_then(|i| self.measurements.get(i)) else {
            return status(rsi::RsiCommandReturnCode::ErrorInput);
        };
        let mut answer = rsi::MeasurementReadResponse {
            result: rsi::RsiCommandReturnCode::Success,
            value_0: 0, value_1: 0, value_2: 0, value_3: 0,
            value_4: 0, value_5: 0, value_6: 0, value_7: 0,
        };
        answer.set_value_bytes(value);
        answer.to_regs()
    }

    /// `RSI_MEASUREMENT_EXTEND`: REM 1-4, at most 64 bytes, folded by XOR.
    fn measurement_extend(&mut self, args: &[u64; 17]) -> [u64; 18] {
        let mut regs = [0u64; 18];
        regs[0] = u64::from(rsi::RSI_MEASUREMENT_EXTEND);
        regs[1..].copy_from_slice(args);
        let Ok(req) = rsi::MeasurementExtendRequest::from_regs(&regs) else {
            return status(rsi::RsiCommandReturnCode::ErrorInput);
        };
        let (index, size) = (req.index as usize, req.size as usize);
        if !(1..=4).contains(&req.index) || size > 64 {
            return status(rsi::RsiCommandReturnCode::ErrorInput);
        }
        let value = req.value_bytes();
        for (m, v) in self.measurements[index].iter_mut().zip(&value[..size]) {
            *m ^= v;
        }
        status(rsi::RsiCommandReturnCode::Success)
    }

    /// Byte `i` of the token for `challenge`: the challenge, repeated.
    pub fn token_byte(challenge: &[u8; 64], i: usize) -> u8 {
        challenge[i % 64]
    }

    /// `RSI_ATTESTATION_TOKEN_INIT`: starts a token for the challenge.
    fn token_init(&mut self, args: &[u64; 17]) -> [u64; 18] {
        let mut regs = [0u64; 18];
        regs[0] = u64::from(rsi::RSI_ATTESTATION_TOKEN_INIT);
        regs[1..].copy_from_slice(args);
        let Ok(req) = rsi::AttestationTokenInitRequest::from_regs(&regs) else {
            return status(rsi::RsiCommandReturnCode::ErrorInput);
        };
        self.attestation = Some((req.challenge_bytes(), 0));
        rsi::AttestationTokenInitResponse {
            result: rsi::RsiCommandReturnCode::Success,
            size: self.token_size,
        }
        .to_regs()
    }

    /// `RSI_IPA_STATE_SET`: checked as the RMM checks it; the host changes
    /// `ripas_change_step` bytes, or rejects the change.
    fn ipa_state_set(&mut self, args: &[u64; 17]) -> [u64; 18] {
        let mut regs = [0u64; 18];
        regs[0] = u64::from(rsi::RSI_IPA_STATE_SET);
        regs[1..].copy_from_slice(args);
        let Ok(req) = rsi::IpaStateSetRequest::from_regs(&regs) else {
            return status(rsi::RsiCommandReturnCode::ErrorInput);
        };
        let aligned = req.base.is_multiple_of(0x1000) && req.top.is_multiple_of(0x1000);
        let ripas_ok = matches!(req.ripas, rsi::RsiRipas::Empty | rsi::RsiRipas::Ram);
        if !aligned || req.base >= req.top || !ripas_ok {
            return status(rsi::RsiCommandReturnCode::ErrorInput);
        }
        let (new_base, response) = if self.reject_ripas_change {
            (req.base, rsi::RsiResponse::Reject)
        } else {
            self.ripas = req.ripas;
            let step = self.ripas_change_step.max(0x1000);
            (req.top.min(req.base.saturating_add(step)), rsi::RsiResponse::Accept)
        };
        rsi::IpaStateSetResponse {
            result: rsi::RsiCommandReturnCode::Success,
            new_base,
            response,
        }
        .to_regs()
    }

    /// `RSI_IPA_STATE_GET`: the whole of a granule-aligned range has `ripas`.
    fn ipa_state_get(&self, base: u64, top: u64) -> [u64; 18] {
        if base >= top || !base.is_multiple_of(0x1000) || !top.is_multiple_of(0x1000) {
            return status(rsi::RsiCommandReturnCode::ErrorInput);
        }
        rsi::IpaStateGetResponse {
            result: rsi::RsiCommandReturnCode::Success,
            out_top: top,
            ripas: self.ripas,
        }
        .to_regs()
    }
}

// The two answers that write memory, as the RMM does, at an address the
// caller of `smc` vouches for.
#[allow(unsafe_code)]
impl ModelHost {
    /// `RSI_ATTESTATION_TOKEN_CONTINUE`: the next bytes of the token into
    /// `[addr + offset, addr + offset + size)`, checked as the RMM checks it.
    ///
    /// # Safety
    ///
    /// As for [`Conduit::smc`]: the buffer is memory the caller lends (the
    /// model's IPAs are addresses).
    unsafe fn token_continue(&mut self, addr: u64, offset: u64, size: u64) -> [u64; 18] {
        let fits = offset.checked_add(size).is_some_and(|end| end <= 0x1000);
        if !addr.is_multiple_of(0x1000) || offset >= 0x1000 || !fits {
            return status(rsi::RsiCommandReturnCode::ErrorInput);
        }
        let Some((challenge, done)) = self.attestation.as_mut() else {
            return status(rsi::RsiCommandReturnCode::ErrorState);
        };
        let len = (self.token_len - *done).min(size as usize);
        let buf = (addr + offset) as usize as *mut u8;
        for i in 0..len {
            // SAFETY: within the `size` bytes the caller lends.
            unsafe { buf.add(i).write(Self::token_byte(challenge, *done + i)) };
        }
        *done += len;
        let result = if *done == self.token_len {
            self.attestation = None;
            rsi::RsiCommandReturnCode::Success
        } else {
            rsi::RsiCommandReturnCode::Incomplete
        };
        rsi::AttestationTokenContinueResponse { result, len: len as u64 }.to_regs()
    }

    /// `RSI_REALM_CONFIG` into the granule at `addr`.
    ///
    /// # Safety
    ///
    /// As for [`Conduit::smc`]: the granule is memory the caller lends.
    unsafe fn realm_config_at(&self, addr: u64) -> [u64; 18] {
        if !addr.is_multiple_of(0x1000) {
            return status(rsi::RsiCommandReturnCode::ErrorInput);
        }
        let config = addr as usize as *mut rsi::RsiRealmConfig;
        // SAFETY: the caller lends the granule; writing field by field
        // keeps the 4 KiB structure off the stack.
        unsafe {
            config.write_bytes(0, 1);
            (*config).ipa_width = self.ipa_width;
            (*config).hash_algo = self.hash_algo;
        }
        status(rsi::RsiCommandReturnCode::Success)
    }
}

/// X0 = `code`, nothing else.
fn status(code: rsi::RsiCommandReturnCode) -> [u64; 18] {
    let mut regs = [0u64; 18];
    regs[0] = code.raw();
    regs
}

impl Default for ModelHost {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: the model's IPAs are its addresses (`ipa_of` is the identity), and
// it writes memory through them only as the RMM would: the buffer of
// `RSI_ATTESTATION_TOKEN_CONTINUE` and the granule of `RSI_REALM_CONFIG`,
// which `smc`'s caller vouches for; `host_call` works on the structure it is
// lent.
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
            rsi::RSI_MEASUREMENT_READ => self.measurement_read(args[0]),
            rsi::RSI_MEASUREMENT_EXTEND => self.measurement_extend(&args),
            rsi::RSI_ATTESTATION_TOKEN_INIT => self.token_init(&args),
            // SAFETY: the caller vouches for the buffer (this function's contract).
            rsi::RSI_ATTESTATION_TOKEN_CONTINUE => unsafe { self.token_continue(args[0], args[1], args[2]) },
            // SAFETY: as above, for the granule.
            rsi::RSI_REALM_CONFIG => unsafe { self.realm_config_at(args[0]) },
            rsi::RSI_IPA_STATE_SET => self.ipa_state_set(&args),
            rsi::RSI_IPA_STATE_GET => self.ipa_state_get(args[0], args[1]),
            _ => {
                regs[0] = NOT_SUPPORTED;
                regs
            }
        }
    }

    /// The model's IPAs are its addresses.
    fn ipa_of(&self, va: usize) -> u64 {
        va as u64
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
