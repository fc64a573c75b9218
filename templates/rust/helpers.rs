//! Properties of the helpers that make the RMM write memory the caller lends
//! (`attestation_token_continue`, `attestation_token`) or give up a range
//! (`ipa_state_set`): the RMM's writes land inside the buffer and nowhere
//! else, and an answer outside what the call allows is refused.

use cca_abi::model_host::ModelHost;
use cca_abi::{CallError, Conduit, DecodeError, IpaStateSetError, rsi};
use proptest::prelude::*;

/// Bytes around the buffer: three 4 KiB blocks of the model's memory.
const ARENA: usize = 0x3000;
/// What the arena holds where the RMM must not write.
const UNTOUCHED: u8 = 0xEE;

/// A 4 KiB-aligned arena, so that buffer offsets are granule offsets.
#[repr(C, align(4096))]
struct Arena([u8; ARENA]);

fn arena() -> Box<Arena> {
    Box::new(Arena([UNTOUCHED; ARENA]))
}

fn started(challenge: &[u8; 64], token_len: usize) -> ModelHost {
    let mut rmm = ModelHost::new();
    rmm.token_len = token_len;
    let mut init = rsi::AttestationTokenInitRequest::default();
    init.set_challenge_bytes(challenge);
    rmm.call(&init).expect("the model starts a token");
    rmm
}

/// Failures are reported, not written into the tree.
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_token_chunk_stays_inside_the_buffer_and_its_granule(
        start in 0..0x2000usize,
        len in 0..0x1000usize,
        challenge in any::<[u8; 32]>(),
    ) {
        let challenge: [u8; 64] = core::array::from_fn(|i| challenge[i % 32]);
        let mut rmm = started(&challenge, 0x1800);
        let mut mem = arena();
        let chunk = rmm.attestation_token_continue(&mut mem.0[start..start + len]).unwrap();
        let to_block_end = 0x1000 - start % 0x1000;
        prop_assert_eq!(chunk.written, len.min(to_block_end));
        prop_assert!(!chunk.complete);
        for (i, &b) in mem.0.iter().enumerate() {
            if (start..start + chunk.written).contains(&i) {
                prop_assert_eq!(b, ModelHost::token_byte(&challenge, i - start));
            } else {
                prop_assert_eq!(b, UNTOUCHED, "byte {:#x} outside the chunk was written", i);
            }
        }
    }

    #[test]
    fn a_whole_token_fills_the_buffer_or_stays_incomplete(
        start in 0..0x1000usize,
        len in 0..0x2000usize,
        token_len in 1..0x1800usize,
    ) {
        let challenge = [0x5A; 64];
        let mut rmm = ModelHost::new();
        rmm.token_len = token_len;
        let mut mem = arena();
        let result = rmm.attestation_token(&challenge, &mut mem.0[start..start + len]);
        let written = if len >= token_len {
            prop_assert_eq!(result, Ok(token_len));
            token_len
        } else {
            prop_assert_eq!(result, Err(CallError::Status(rsi::RsiCommandReturnCode::Incomplete)));
            len
        };
        for (i, &b) in mem.0.iter().enumerate() {
            let inside = (start..start + written).contains(&i);
            prop_assert_eq!(b, if inside { challenge[0] } else { UNTOUCHED });
        }
    }

    #[test]
    fn a_ripas_change_walks_the_whole_range(
        base in 0..0x1000u64,
        pages in 1..0x400u64,
        step in 1..0x100u64,
    ) {
        let mut rmm = ModelHost::new();
        rmm.ripas = rsi::RsiRipas::Empty;
        rmm.ripas_change_step = step * 0x1000;
        let range = base * 0x1000..(base + pages) * 0x1000;
        let flags = rsi::RsiRipasChangeFlags::new();
        // SAFETY: the model has no memory at these IPAs.
        prop_assert_eq!(unsafe { rmm.ipa_state_set(range.clone(), rsi::RsiRipas::Ram, flags) }, Ok(()));
        prop_assert_eq!(rmm.ripas, rsi::RsiRipas::Ram);
        rmm.reject_ripas_change = true;
        prop_assert_eq!(
            unsafe { rmm.ipa_state_set(range.clone(), rsi::RsiRipas::Empty, flags) },
            Err(IpaStateSetError::Rejected { at: range.start })
        );
    }
}

/// An RMM that answers every call with fixed registers.
struct Fixed([u64; 18]);

// SAFETY: writes no memory; IPAs are addresses.
#[allow(unsafe_code)]
unsafe impl Conduit for Fixed {
    unsafe fn smc(&mut self, _fid: u32, _args: [u64; 17]) -> [u64; 18] {
        self.0
    }
    fn ipa_of(&self, va: usize) -> u64 {
        va as u64
    }
}

#[test]
fn a_token_chunk_longer_than_the_buffer_is_refused() {
    let mut regs = [0; 18];
    (regs[0], regs[1]) = (rsi::RSI_INCOMPLETE, 0x11);
    let mut buf = [0u8; 0x10];
    assert_eq!(
        Fixed(regs).attestation_token_continue(&mut buf),
        Err(CallError::Malformed {
            status: Some(rsi::RsiCommandReturnCode::Incomplete),
            error: DecodeError::OutOfRange { field: "AttestationTokenContinueResponse.len", value: 0x11 },
        })
    );
}

#[test]
fn a_token_error_keeps_its_status_and_reads_no_length() {
    let mut regs = [0; 18];
    (regs[0], regs[1]) = (rsi::RSI_ERROR_STATE, 0x1_0000);
    let mut buf = [0u8; 0x10];
    assert_eq!(
        Fixed(regs).attestation_token_continue(&mut buf),
        Err(CallError::Status(rsi::RsiCommandReturnCode::ErrorState))
    );
}

#[test]
fn a_new_base_outside_the_range_is_refused() {
    let flags = rsi::RsiRipasChangeFlags::new();
    for new_base in [0x7FFF_F000, 0x8000_2000 + 0x1000] {
        let mut regs = [0; 18];
        (regs[0], regs[1]) = (rsi::RSI_SUCCESS, new_base);
        // SAFETY: the fixed answer touches no memory.
        let result =
            unsafe { Fixed(regs).ipa_state_set(0x8000_0000..0x8000_2000, rsi::RsiRipas::Ram, flags) };
        assert_eq!(
            result,
            Err(IpaStateSetError::Call(CallError::Malformed {
                status: Some(rsi::RsiCommandReturnCode::Success),
                error: DecodeError::OutOfRange { field: "IpaStateSetResponse.new_base", value: new_base },
            }))
        );
    }
}

#[test]
fn a_ripas_change_the_rmm_refuses_keeps_the_status() {
    let flags = rsi::RsiRipasChangeFlags::new();
    let mut rmm = ModelHost::new();
    // SAFETY: the model has no memory at these IPAs.
    let unaligned = unsafe { rmm.ipa_state_set(0x8000_0800..0x8000_2000, rsi::RsiRipas::Ram, flags) };
    assert_eq!(
        unaligned,
        Err(IpaStateSetError::Call(CallError::Status(rsi::RsiCommandReturnCode::ErrorInput)))
    );
    // SAFETY: as above.
    let empty = unsafe { rmm.ipa_state_set(0x8000_0000..0x8000_0000, rsi::RsiRipas::Ram, flags) };
    assert_eq!(
        empty,
        Err(IpaStateSetError::Call(CallError::Status(rsi::RsiCommandReturnCode::ErrorInput)))
    );
}

#[test]
fn the_realm_config_lands_in_the_lent_structure() {
    let mut rmm = ModelHost::new();
    rmm.ipa_width = 52;
    let mut config = Box::new(rsi::RsiRealmConfig::zeroed());
    config.hash_algo = 0xFF;
    assert_eq!(rmm.realm_config(&mut config), Ok(()));
    assert_eq!((config.ipa_width, config.hash_algo), (52, 0));
}
