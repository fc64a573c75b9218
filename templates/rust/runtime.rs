//! Fixed runtime shared by every interface module: written verbatim into the
//! generated crate (it does not depend on the ABI description). The crate
//! denies unsafe code and allows it in this module alone: the unsafe raw
//! conduit and the helpers that vouch for the addresses they pass.

use core::fmt;

/// An interface revision, `major.minor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Revision {
    /// Incremented when a change breaks callers.
    pub major: u16,
    /// Incremented when a change keeps callers working.
    pub minor: u16,
}

impl fmt::Display for Revision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Whether an item is in a published revision, a draft, or on its way out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// In a published revision of the specification.
    Stable,
    /// From a draft or a public implementation; may still change.
    Draft,
    /// Still described, but to be removed.
    Deprecated,
}

/// A register value that does not decode. Decoding never panics and never
/// truncates: an unknown value or a reserved bit set is an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DecodeError {
    /// The register does not hold the expected function identifier.
    WrongFunction {
        /// The function identifier the decoder was made for.
        expected: u32,
        /// What the register held.
        found: u64,
    },
    /// A value is not one of the enumeration's values.
    UnknownValue {
        /// The enumeration.
        type_name: &'static str,
        /// The value found.
        value: u64,
    },
    /// Bits that the ABI reserves are set.
    ReservedBits {
        /// The type (or `Function.register`) whose reserved bits are set.
        type_name: &'static str,
        /// The reserved bits that are set.
        bits: u64,
    },
    /// A value does not fit the width of its field.
    TooWide {
        /// The field.
        field: &'static str,
        /// The value that does not fit.
        value: u64,
    },
    /// A value answer is the function's own identifier: the callee left the
    /// register as it was sent and did not answer.
    Echoed {
        /// The function identifier found.
        fid: u64,
    },
    /// A value answer has bit 63 set: an SMCCC error code (other than
    /// `SMCCC_RET_NOT_SUPPORTED`) where a value belongs.
    SmcccError {
        /// The register as found.
        value: u64,
    },
    /// A value lies outside what the call allows: more bytes written than
    /// the buffer holds, an address outside the range asked about.
    OutOfRange {
        /// The output (`Response.field`).
        field: &'static str,
        /// The value found.
        value: u64,
    },
}

impl DecodeError {
    /// What was refused: the value found, or the reserved bits that are set.
    pub const fn value(&self) -> u64 {
        match *self {
            DecodeError::WrongFunction { found, .. } => found,
            DecodeError::ReservedBits { bits, .. } => bits,
            DecodeError::Echoed { fid } => fid,
            DecodeError::UnknownValue { value, .. }
            | DecodeError::TooWide { value, .. }
            | DecodeError::SmcccError { value }
            | DecodeError::OutOfRange { value, .. } => value,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::WrongFunction { expected, found } => {
                write!(f, "expected function {expected:#010x}, found {found:#x}")
            }
            DecodeError::UnknownValue { type_name, value } => {
                write!(f, "{value:#x} is not a {type_name} value")
            }
            DecodeError::ReservedBits { type_name, bits } => {
                write!(f, "reserved bits {bits:#x} of {type_name} are set")
            }
            DecodeError::TooWide { field, value } => {
                write!(f, "{value:#x} does not fit {field}")
            }
            DecodeError::Echoed { fid } => {
                write!(f, "the answer is the function identifier {fid:#x}, echoed")
            }
            DecodeError::SmcccError { value } => {
                write!(f, "SMCCC error {:#x} where a value belongs", *value as i64)
            }
            DecodeError::OutOfRange { field, value } => {
                write!(f, "{field} = {value:#x} is outside what the call allows")
            }
        }
    }
}

impl core::error::Error for DecodeError {}

/// Why a response does not decode. The status in X0 (or `gprs[0]`) is read
/// first: a status other than success is returned as it is, and no output
/// is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallError<S> {
    /// The callee answered `SMCCC_RET_NOT_SUPPORTED` (-1): it does not offer
    /// the function.
    NotSupported,
    /// A status other than success.
    Status(S),
    /// The outputs do not decode although the status is success (`Some`),
    /// or the function answers with a value rather than a status (`None`).
    Malformed {
        /// The status, where the function returns one.
        status: Option<S>,
        /// What does not decode.
        error: DecodeError,
    },
    /// `RSI_HOST_CALL`, which carries a host call, itself failed with this
    /// RSI status; the host's answer is unknown.
    Transport(u64),
}

impl<S: fmt::Debug> fmt::Display for CallError<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::NotSupported => write!(f, "not supported"),
            CallError::Status(s) => write!(f, "failed with {s:?}"),
            CallError::Malformed { status: Some(s), error } => {
                write!(f, "{s:?}, but the outputs do not decode: {error}")
            }
            CallError::Malformed { status: None, error } => {
                write!(f, "the answer does not decode: {error}")
            }
            CallError::Transport(status) => write!(f, "RSI_HOST_CALL failed with {status:#x}"),
        }
    }
}

impl<S: fmt::Debug> core::error::Error for CallError<S> {}

/// The status type of a function that answers with a value, not a status:
/// it has no value, so `CallError<NoStatus>` is never `Status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoStatus {}

/// A function identifier that names no function of the interface; the raw
/// value is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownFunction(pub u64);

impl fmt::Display for UnknownFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown function identifier {:#x}", self.0)
    }
}

impl core::error::Error for UnknownFunction {}

/// How a call reaches its callee: an SMC to the RMM, or a host call carried
/// by `RSI_HOST_CALL` in an `RsiHostCall` structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Transport {
    /// X0 carries the function identifier, X1-X17 the arguments (SMCCC 1.2).
    Smc,
    /// `gprs[0]` carries the function identifier, `gprs[1..=30]` the arguments.
    HostCall,
}

/// The way to make an SMC to the RMM, and the map from the caller's
/// addresses to the IPAs the RMM works with.
///
/// Two layers use it. The raw [`Conduit::smc`] is `unsafe`: some functions
/// make the RMM write memory at an address they are given, so only the
/// caller can vouch for those addresses. The typed layer is safe:
/// [`Conduit::call`] sends requests that carry no address (every generated
/// request that implements [`Call`]), and the per-function helpers that do
/// make the RMM write memory ([`Conduit::realm_config`],
/// [`Conduit::host_call`], [`Conduit::attestation_token_continue`] and
/// [`Conduit::attestation_token`]) take a reference the caller owns and
/// translate it with [`Conduit::ipa_of`]. [`Conduit::ipa_state_set`] stays
/// `unsafe`: it gives up a range of IPAs, which no reference can name.
///
/// # Safety
///
/// An implementation promises that `ipa_of` returns the IPA of the byte at
/// every address the caller can borrow (statics, heap and stack alike), and
/// that every naturally aligned 4 KiB block of the caller's address space is
/// IPA-contiguous, so that the RMM's access to a whole `RsiHostCall` (0x100
/// bytes) or `RsiRealmConfig` (0x1000 bytes) lands on that object; and that
/// `smc` makes the call as SMCCC describes, with the RMM's writes to memory
/// visible to the compiler. A wrong `ipa_of` would let the RMM write over
/// memory the caller does not own.
///
/// The crate cannot stop other code from making SMCs of its own (google's
/// `smccc::smc64`, which `Smc` uses, is a safe function): its guarantee is
/// that code going through this crate needs `unsafe` to aim the RMM's writes.
pub unsafe trait Conduit {
    /// Make an SMC64 call with `fid` in X0 and `args` in X1-X17 (SMCCC 1.2);
    /// returns X0-X17.
    ///
    /// # Safety
    ///
    /// Where `fid` makes the RMM read or write memory at an address in
    /// `args` (`RSI_REALM_CONFIG`, `RSI_ATTESTATION_TOKEN_CONTINUE`,
    /// `RSI_HOST_CALL`, …), that address is the IPA of memory the caller
    /// owns, of the size and alignment the function requires.
    unsafe fn smc(&mut self, fid: u32, args: [u64; 17]) -> [u64; 18];

    /// The IPA of the byte at `va` in the caller's address space.
    fn ipa_of(&self, va: usize) -> u64;

    /// `RSI_HOST_CALL` for `call`; returns the RSI status from X0. The RMM
    /// reads and writes `call` alone: 0x100 bytes, 0x100-byte aligned, so
    /// within one granule. Whatever `call.gprs` carries goes to the host,
    /// including the IPA of a buffer an RHI call names: the host can write
    /// only shared (unprotected) memory, which it can write at any time
    /// anyway, so this is safe; it is also why RHI requests with a buffer
    /// have no `Call` (the typed layer sends only what needs no vouching).
    fn host_call(&mut self, call: &mut super::rsi::RsiHostCall) -> u64 {
        let mut args = [0; 17];
        args[0] = self.ipa_of(core::ptr::from_mut(call) as usize);
        // SAFETY: the address is the IPA (by the trait's contract) of
        // `call`, which the caller borrows exclusively for the call.
        let regs = unsafe { self.smc(super::rsi::RSI_HOST_CALL, args) };
        regs[0]
    }

    /// `RSI_REALM_CONFIG` into `config`, which the caller lends: the RMM
    /// writes the whole structure (0x1000 bytes, 0x1000-byte aligned: one
    /// granule) and nothing else.
    ///
    /// ```
    /// # #[cfg(feature = "model-host")] {
    /// use cca_abi::{Conduit, model_host::ModelHost, rsi::RsiRealmConfig};
    ///
    /// let mut rmm = ModelHost::new();
    /// let mut config = Box::new(RsiRealmConfig::zeroed());
    /// rmm.realm_config(&mut config)?;
    /// assert_eq!(config.ipa_width, 48);
    /// # }
    /// # Ok::<(), cca_abi::CallError<cca_abi::rsi::RsiCommandReturnCode>>(())
    /// ```
    fn realm_config(
        &mut self,
        config: &mut super::rsi::RsiRealmConfig,
    ) -> Result<(), CallError<super::rsi::RsiCommandReturnCode>> {
        let mut args = [0; 17];
        args[0] = self.ipa_of(core::ptr::from_mut(config) as usize);
        // SAFETY: the address is the IPA (by the trait's contract) of
        // `config`, which the caller borrows exclusively for the call.
        let regs = unsafe { self.smc(super::rsi::RSI_REALM_CONFIG, args) };
        super::rsi::RealmConfigResponse::from_regs(&regs).map(|_| ())
    }

    /// `RSI_ATTESTATION_TOKEN_CONTINUE` into `buf`: the RMM writes the next
    /// part of the token at the start of `buf`, at most up to the end of the
    /// 4 KiB block `buf` starts in (one granule: the RMM writes within one),
    /// and nothing else. Start the token with `RSI_ATTESTATION_TOKEN_INIT`
    /// (or use [`Conduit::attestation_token`], which does both).
    ///
    /// ```
    /// # #[cfg(feature = "model-host")] {
    /// use cca_abi::{Conduit, model_host::ModelHost, rsi};
    ///
    /// let mut rmm = ModelHost::new();
    /// rmm.call(&rsi::AttestationTokenInitRequest::default())?;
    /// let mut buf = vec![0u8; 0x40];
    /// let chunk = rmm.attestation_token_continue(&mut buf)?;
    /// assert_eq!((chunk.written, chunk.complete), (0x40, false));
    /// # }
    /// # Ok::<(), cca_abi::CallError<cca_abi::rsi::RsiCommandReturnCode>>(())
    /// ```
    fn attestation_token_continue(
        &mut self,
        buf: &mut [u8],
    ) -> Result<TokenChunk, CallError<super::rsi::RsiCommandReturnCode>> {
        const GRANULE: u64 = 0x1000;
        let va = buf.as_mut_ptr() as usize;
        let ipa = self.ipa_of(va);
        let offset = ipa % GRANULE;
        let in_block = GRANULE - (va as u64 % GRANULE);
        let size = (buf.len() as u64).min(in_block).min(GRANULE - offset);
        let mut args = [0; 17];
        (args[0], args[1], args[2]) = (ipa - offset, offset, size);
        // SAFETY: [ipa, ipa + size) is the IPA range (by the trait's
        // contract: one 4 KiB block of the caller's addresses is
        // IPA-contiguous) of the first `size` bytes of `buf`, which the
        // caller borrows exclusively for the call.
        let regs = unsafe { self.smc(super::rsi::RSI_ATTESTATION_TOKEN_CONTINUE, args) };
        let answer = super::rsi::AttestationTokenContinueResponse::from_regs(&regs)?;
        if answer.len > size {
            return Err(CallError::Malformed {
                status: Some(answer.result),
                error: DecodeError::OutOfRange {
                    field: "AttestationTokenContinueResponse.len",
                    value: answer.len,
                },
            });
        }
        Ok(TokenChunk {
            written: answer.len as usize,
            complete: answer.result == super::rsi::RsiCommandReturnCode::Success,
        })
    }

    /// The attestation token for `challenge`, written at the start of `buf`
    /// (`RSI_ATTESTATION_TOKEN_INIT`, then `RSI_ATTESTATION_TOKEN_CONTINUE`
    /// until the token is complete); returns its length. The upper bound
    /// `RSI_ATTESTATION_TOKEN_INIT` reports is always enough; a buffer that
    /// fills first gives `CallError::Status(RsiCommandReturnCode::Incomplete)`
    /// with the token still in progress (continue into another buffer).
    ///
    /// ```
    /// # #[cfg(feature = "model-host")] {
    /// use cca_abi::{Conduit, model_host::ModelHost};
    ///
    /// let mut rmm = ModelHost::new();
    /// let mut token = vec![0u8; 0x1000];
    /// let len = rmm.attestation_token(&[7; 64], &mut token)?;
    /// assert_eq!(len, rmm.token_len);
    /// assert!((0..len).all(|i| token[i] == ModelHost::token_byte(&[7; 64], i)));
    /// # }
    /// # Ok::<(), cca_abi::CallError<cca_abi::rsi::RsiCommandReturnCode>>(())
    /// ```
    fn attestation_token(
        &mut self,
        challenge: &[u8; 64],
        buf: &mut [u8],
    ) -> Result<usize, CallError<super::rsi::RsiCommandReturnCode>> {
        let mut init = super::rsi::AttestationTokenInitRequest::default();
        init.set_challenge_bytes(challenge);
        self.call(&init)?;
        let mut len = 0;
        loop {
            let chunk = self.attestation_token_continue(&mut buf[len..])?;
            len += chunk.written;
            if chunk.complete {
                return Ok(len);
            }
            if len == buf.len() {
                return Err(CallError::Status(super::rsi::RsiCommandReturnCode::Incomplete));
            }
        }
    }

    /// `RSI_IPA_STATE_SET`: asks for the RIPAS of the granule-aligned IPA
    /// `range` to become `ripas` (EMPTY or RAM), repeating the command as
    /// the host makes progress, until the whole range is done. The host may
    /// reject the change: [`IpaStateSetError::Rejected`] says where it
    /// stopped.
    ///
    /// ```
    /// # #[cfg(feature = "model-host")] {
    /// use cca_abi::{Conduit, model_host::ModelHost, rsi};
    ///
    /// let mut rmm = ModelHost::new();
    /// let flags = rsi::RsiRipasChangeFlags::new();
    /// // SAFETY: nothing in the range is in use (the model has no memory).
    /// unsafe { rmm.ipa_state_set(0x8000_0000..0x8010_0000, rsi::RsiRipas::Empty, flags) }?;
    /// # }
    /// # Ok::<(), cca_abi::IpaStateSetError>(())
    /// ```
    ///
    /// Safe code cannot give up a range:
    ///
    /// ```compile_fail,E0133
    /// use cca_abi::{Conduit, rsi};
    ///
    /// fn discard<C: Conduit>(rmm: &mut C) {
    ///     let flags = rsi::RsiRipasChangeFlags::new();
    ///     let _ = rmm.ipa_state_set(0x8000_0000..0x8000_1000, rsi::RsiRipas::Empty, flags);
    /// }
    /// ```
    ///
    /// # Safety
    ///
    /// No memory the program uses, or has lent, lies in `range`: a change
    /// to EMPTY discards the contents, and a change to RAM may give the
    /// range fresh, zeroed granules. (Addresses are IPAs: the RMM changes
    /// whatever memory is there.)
    unsafe fn ipa_state_set(
        &mut self,
        range: core::ops::Range<u64>,
        ripas: super::rsi::RsiRipas,
        flags: super::rsi::RsiRipasChangeFlags,
    ) -> Result<(), IpaStateSetError> {
        let mut base = range.start;
        loop {
            let request = super::rsi::IpaStateSetRequest { base, top: range.end, ripas, flags };
            let mut args = [0; 17];
            args.copy_from_slice(&request.to_regs()[1..]);
            // SAFETY: the caller gives up the range (this function's contract).
            let regs = unsafe { self.smc(super::rsi::RSI_IPA_STATE_SET, args) };
            let answer = super::rsi::IpaStateSetResponse::from_regs(&regs)?;
            if !(base..=range.end).contains(&answer.new_base) {
                return Err(IpaStateSetError::Call(CallError::Malformed {
                    status: Some(answer.result),
                    error: DecodeError::OutOfRange {
                        field: "IpaStateSetResponse.new_base",
                        value: answer.new_base,
                    },
                }));
            }
            if answer.response == super::rsi::RsiResponse::Reject {
                return Err(IpaStateSetError::Rejected { at: answer.new_base });
            }
            if answer.new_base == range.end {
                return Ok(());
            }
            base = answer.new_base;
        }
    }

    /// Send a request that carries no address and decode its answer: the
    /// request's type fixes the response's. Host calls go through
    /// [`Conduit::host_call`] with a structure cleared before the call.
    ///
    /// ```
    /// # #[cfg(feature = "model-host")] {
    /// use cca_abi::{Conduit, model_host::ModelHost, rsi};
    ///
    /// let mut rmm = ModelHost::new();
    /// let answer = rmm.call(&rsi::VersionRequest { req: rsi::RSI_ABI_VERSION_1_0 })?;
    /// assert_eq!(answer.higher, rsi::RSI_ABI_VERSION_1_0);
    /// # }
    /// # Ok::<(), cca_abi::CallError<cca_abi::rsi::RsiCommandReturnCode>>(())
    /// ```
    ///
    /// A host call is the same one line; the value answer keeps
    /// `SMCCC_RET_NOT_SUPPORTED` apart:
    ///
    /// ```
    /// # #[cfg(feature = "model-host")] {
    /// use cca_abi::{CallError, Conduit, model_host::ModelHost, rhi};
    ///
    /// let mut host = ModelHost::new();
    /// let answer = host.call(&rhi::HostconfGetIpaChangeAlignmentRequest {});
    /// assert_eq!(answer.map(|a| a.alignment), Ok(0x1000));
    /// host.ipa_change_alignment = rhi::NOT_SUPPORTED;
    /// let answer = host.call(&rhi::HostconfGetIpaChangeAlignmentRequest {});
    /// assert_eq!(answer, Err(CallError::NotSupported));
    /// // A host that echoes the function identifier has not answered.
    /// host.ipa_change_alignment = u64::from(rhi::RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT);
    /// let answer = host.call(&rhi::HostconfGetIpaChangeAlignmentRequest {});
    /// assert!(matches!(answer, Err(CallError::Malformed { status: None, .. })));
    /// # }
    /// ```
    ///
    /// A request that carries an address the RMM writes has no `Call`: safe
    /// code cannot aim the RMM's writes.
    ///
    /// ```compile_fail,E0277
    /// use cca_abi::{Conduit, rsi};
    ///
    /// fn overwrite<C: Conduit>(rmm: &mut C) {
    ///     let _ = rmm.call(&rsi::RealmConfigRequest { addr: 0x4000_0000 });
    /// }
    /// ```
    ///
    /// ```compile_fail,E0133
    /// use cca_abi::{Conduit, rsi};
    ///
    /// fn overwrite<C: Conduit>(rmm: &mut C) {
    ///     let mut args = [0; 17];
    ///     args[0] = 0x4000_0000;
    ///     rmm.smc(rsi::RSI_REALM_CONFIG, args);
    /// }
    /// ```
    fn call<R: Call>(&mut self, request: &R) -> Result<R::Response, R::Error> {
        let args = request.args();
        let mut regs = [0u64; 31];
        match R::TRANSPORT {
            Transport::Smc => {
                let mut x = [0u64; 17];
                x.copy_from_slice(&args[..17]);
                // SAFETY: `R: Call` promises that no argument is an address
                // the RMM reads or writes.
                let out = unsafe { self.smc(R::FID, x) };
                regs[..18].copy_from_slice(&out);
            }
            Transport::HostCall => {
                let mut hc = super::rsi::RsiHostCall::zeroed();
                hc.gprs[0] = u64::from(R::FID);
                hc.gprs[1..].copy_from_slice(&args);
                let status = self.host_call(&mut hc);
                if status != super::rsi::RSI_SUCCESS {
                    return Err(R::transport_error(status));
                }
                regs = hc.gprs;
            }
        }
        R::decode(&regs)
    }
}

/// A request of the typed layer: its function, its transport, its
/// arguments, and how its answer decodes (status first).
///
/// # Safety
///
/// No argument `args` returns is an address of memory the callee reads or
/// writes (an address input with `memory:` in the ABI description):
/// [`Conduit::call`] sends them without the caller vouching for them.
/// Requests that carry such an address have helpers of their own. Addresses
/// the callee only reports on (`RSI_IPA_STATE_GET`'s range) are plain values.
pub unsafe trait Call {
    /// The function identifier.
    const FID: u32;
    /// How the request reaches its callee.
    const TRANSPORT: Transport;
    /// What a successful call returns.
    type Response;
    /// Why a call did not succeed.
    type Error;
    /// The arguments after the function identifier: X1-X17 (the rest zero)
    /// or `gprs[1..=30]`.
    fn args(&self) -> [u64; 30];
    /// Decode the answer registers (X0-X17 followed by zeros, or
    /// `gprs[0..=30]`).
    fn decode(regs: &[u64; 31]) -> Result<Self::Response, Self::Error>;
    /// The error for an `RSI_HOST_CALL` that failed with `status`.
    fn transport_error(status: u64) -> Self::Error;
}

/// What one `RSI_ATTESTATION_TOKEN_CONTINUE` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TokenChunk {
    /// Bytes the RMM wrote at the start of the buffer.
    pub written: usize,
    /// The token is complete (`RSI_SUCCESS`), not still in progress
    /// (`RSI_INCOMPLETE`).
    pub complete: bool,
}

/// Why [`Conduit::ipa_state_set`] stopped before the whole range changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IpaStateSetError {
    /// The RMM refused the command, or its answer does not decode.
    Call(CallError<super::rsi::RsiCommandReturnCode>),
    /// The host rejected the change: the range up to `at` has the new RIPAS,
    /// the rest does not.
    Rejected {
        /// The first address that did not change.
        at: u64,
    },
}

impl From<CallError<super::rsi::RsiCommandReturnCode>> for IpaStateSetError {
    fn from(error: CallError<super::rsi::RsiCommandReturnCode>) -> Self {
        Self::Call(error)
    }
}

impl fmt::Display for IpaStateSetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Call(error) => write!(f, "RSI_IPA_STATE_SET {error}"),
            Self::Rejected { at } => write!(f, "the host rejected the RIPAS change at {at:#x}"),
        }
    }
}

impl core::error::Error for IpaStateSetError {}

/// The real conduit: the `smc #0` instruction, through google's `smccc` crate
/// (X0-X17 in and out, SMCCC 1.2), with the firmware's own map from its
/// addresses to IPAs.
#[cfg(target_arch = "aarch64")]
#[derive(Clone, Copy, Debug)]
pub struct Smc<F> {
    ipa_of: F,
}

#[cfg(target_arch = "aarch64")]
impl<F: Fn(usize) -> u64> Smc<F> {
    /// The conduit of firmware whose address `va` is at IPA `ipa_of(va)`.
    ///
    /// # Safety
    ///
    /// `ipa_of` returns the IPA of the byte at every address the firmware
    /// can borrow (for an identity map, `|va| va as u64`).
    pub const unsafe fn new(ipa_of: F) -> Self {
        Self { ipa_of }
    }
}

// SAFETY: `ipa_of` is the one `Smc::new` was given under its contract.
// `smccc::smc64` marks its asm neither `nomem` nor `readonly` from 0.2.1 on
// (0.2.0 did), so the compiler assumes the RMM may write memory; the
// end-to-end test under QEMU (still to come) is what will check it.
#[cfg(target_arch = "aarch64")]
unsafe impl<F: Fn(usize) -> u64> Conduit for Smc<F> {
    #[inline(always)]
    unsafe fn smc(&mut self, fid: u32, args: [u64; 17]) -> [u64; 18] {
        smccc::smc64(fid, args)
    }
    fn ipa_of(&self, va: usize) -> u64 {
        (self.ipa_of)(va)
    }
}

/// The step of a guest query at which it stopped: the host call asked at
/// that step failed or was answered with something invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// The call that reports the host's interface version.
    Version,
    /// The call that reports which calls the host offers.
    Features,
    /// The call that reports the value itself.
    Value,
}

/// Why a guest query refused the host's answer. The host is untrusted:
/// every answer is checked before it is believed. A host that does not offer
/// the call is not an error (the query then gives the guest's page size);
/// both errors mean the caller must keep Realm support off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QueryError {
    /// `RSI_HOST_CALL` itself failed with an RMM error, so nothing is known
    /// about what the host requires.
    Transport {
        /// The host call that failed.
        step: Step,
        /// The RSI status `RSI_HOST_CALL` returned.
        status: u64,
    },
    /// The host offers the call and answered something invalid: a malformed
    /// version, an SMCCC error other than `SMCCC_RET_NOT_SUPPORTED`, its own
    /// function identifier echoed back, or a value that fails validation.
    Invalid {
        /// The host call whose answer was refused.
        step: Step,
        /// The host's answer, as register bits.
        value: u64,
    },
}

impl QueryError {
    /// The failure class, as the hostile-host table names it: `transport`
    /// or `invalid`.
    pub const fn class(&self) -> &'static str {
        match self {
            QueryError::Transport { .. } => "transport",
            QueryError::Invalid { .. } => "invalid",
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Transport { step, status } => {
                write!(
                    f,
                    "RSI_HOST_CALL failed with status {status} at the {step:?} step"
                )
            }
            QueryError::Invalid { step, value } => {
                write!(
                    f,
                    "the host's answer {value:#x} at the {step:?} step is invalid"
                )
            }
        }
    }
}

impl core::error::Error for QueryError {}
