//! Which files of a description directory (`abi/`) are interface
//! descriptions. Dependency-free: the proc-macro's build script includes this
//! file too, so that the macro's shipped list and the xtask read the same set.

/// The file in a description directory that configures outputs rather than
/// describing an interface.
pub const OUTPUTS_FILE: &str = "outputs.yaml";

/// Whether the file `name` (a file name, without directories) of a
/// description directory describes an interface: every `*.yaml` but
/// [`OUTPUTS_FILE`].
pub fn is_interface_file(name: &str) -> bool {
    name.ends_with(".yaml") && name != OUTPUTS_FILE
}
