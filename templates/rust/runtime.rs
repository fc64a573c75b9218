//! Fixed runtime shared by every interface module: written verbatim into the
//! generated crate (it does not depend on the ABI description).

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

/// The way to make an SMC, and an `RSI_HOST_CALL`.
///
/// Encoding and decoding never depend on the conduit: the same request types
/// drive the real `smc` instruction (`Smc`, on aarch64) and the
/// `model_host::ModelHost` used in tests (feature `model-host`).
pub trait Conduit {
    /// Make an SMC64 call with `fid` in X0 and `args` in X1-X17 (SMCCC 1.2);
    /// returns X0-X17.
    fn smc(&mut self, fid: u32, args: [u64; 17]) -> [u64; 18];

    /// Make `RSI_HOST_CALL` for `call`; returns the RSI status from X0.
    ///
    /// The default passes the address of `call` as its IPA, which holds for
    /// firmware that runs with an identity map; a guest with another mapping
    /// overrides this to pass the IPA of the structure.
    fn host_call(&mut self, call: &mut crate::rsi::RsiHostCall) -> u64 {
        let mut args = [0; 17];
        args[0] = core::ptr::from_mut(call) as usize as u64;
        self.smc(crate::rsi::RSI_HOST_CALL, args)[0]
    }
}

/// The real conduit: the `smc #0` instruction, through google's `smccc` crate
/// (X0-X17 in and out, SMCCC 1.2).
#[cfg(target_arch = "aarch64")]
#[derive(Clone, Copy, Debug, Default)]
pub struct Smc;

#[cfg(target_arch = "aarch64")]
impl Conduit for Smc {
    #[inline(always)]
    fn smc(&mut self, fid: u32, args: [u64; 17]) -> [u64; 18] {
        smccc::smc64(fid, args)
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
