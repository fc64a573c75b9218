// trybuild builds this file in target/tests/trybuild/cca-abi-macros, so the YAML
// path, relative to that manifest, climbs back to the workspace root.
use cca_abi_macros::AbiCall;

#[derive(AbiCall)]
#[abi(function = "VND_PING", request, abi = "../../../../macros/tests/ui/vendor/bad.yaml")]
struct Ping {}

fn main() {}
