//! The constructs of an interface, one method each, for the emitters that
//! render them one by one (the C header, the Rust module). No method has a
//! default: a construct added to the model is a method added here, and the
//! compiler then lists every emitter that has yet to say what it makes of it.
//! An emitter that shows a construct elsewhere, or not at all, says so in its
//! method. (The JSON export serialises the model whole and needs no method.)

#[cfg(test)]
use crate::model::Interface;

/// One method per construct of [`Interface`], in the model's order.
pub trait Constructs {
    /// What the emitter makes of one construct (blocks of text, tokens).
    type Out;

    /// Function groups (`groups:`).
    fn groups(&self) -> Self::Out;
    /// Version constants and their encoding (`versions:`).
    fn versions(&self) -> Self::Out;
    /// The return-code type and its values (`return_codes:`).
    fn return_codes(&self) -> Self::Out;
    /// Enums (`enums:`).
    fn enums(&self) -> Self::Out;
    /// Bit-field types (`bitfields:`).
    fn bitfields(&self) -> Self::Out;
    /// Memory structures (`structs:`).
    fn structs(&self) -> Self::Out;
    /// Functions: identifiers and registers (`functions:`).
    fn functions(&self) -> Self::Out;
    /// Other names of items (`aliases:`).
    fn aliases(&self) -> Self::Out;
    /// Feature registers and the functions their bits advertise (`features:`).
    fn features(&self) -> Self::Out;
    /// Guest query routines (`queries:`).
    fn queries(&self) -> Self::Out;
}

/// Names every construct field of [`Interface`], with no `..`: a field added
/// to the model fails to compile here until [`Constructs`] has its method
/// (or the field is listed below as a property of the interface, not a
/// construct).
#[cfg(test)]
fn constructs_of(i: &Interface) -> usize {
    let Interface {
        // Properties of the interface, not constructs.
        name: _,
        title: _,
        file: _,
        transport: _,
        owner: _,
        call_type: _,
        width: _,
        first_number: _,
        last_number: _,
        revision: _,
        draft_revision: _,
        revisions: _,
        selected: _,
        selected_at: _,
        spec: _,
        source: _,
        note: _,
        carrier: _,
        // One method of `Constructs` each.
        groups,
        versions,
        return_codes,
        enums,
        bitfields,
        structs,
        functions,
        aliases,
        features,
        queries,
    } = i;
    groups.len()
        + versions.len()
        + usize::from(return_codes.is_some())
        + enums.len()
        + bitfields.len()
        + structs.len()
        + functions.len()
        + aliases.len()
        + features.len()
        + queries.len()
}

#[cfg(test)]
mod tests {
    /// The count is incidental; what matters is that `constructs_of`
    /// compiles, which it does only while it names every field.
    #[test]
    fn every_construct_of_the_model_has_a_method() {
        let text = include_str!("../../../abi/rsi.yaml");
        let model = crate::load(&[crate::Source::new("abi/rsi.yaml", text)]).expect("RSI loads");
        assert!(super::constructs_of(&model.interfaces[0]) > 0);
    }
}
