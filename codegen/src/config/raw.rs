//! The serde mirror of `outputs.yaml` (described in `abi/README.md`): every
//! value a check can complain about is spanned, so the complaint has `line:col`.

use serde::Deserialize;

use crate::schema::S;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct File {
    pub(super) linux: LinuxRaw,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LinuxRaw {
    pub(super) default: S<String>,
    pub(super) profiles: Vec<ProfileRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProfileRaw {
    pub(super) name: S<String>,
    pub(super) extends: Option<S<String>>,
    pub(super) doc: String,
    pub(super) spdx: Option<S<String>>,
    pub(super) copyright: Option<S<String>>,
    pub(super) headers: Option<Vec<HeaderRaw>>,
    pub(super) rename: Option<Vec<RenameRaw>>,
    pub(super) c_types: Option<Vec<CTypeRaw>>,
    pub(super) omit: Option<Vec<OmitRaw>>,
    pub(super) aliases: Option<Vec<AliasRaw>>,
    pub(super) query: Option<QueryRaw>,
    pub(super) edits: Option<Vec<EditRaw>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AliasRaw {
    pub(super) name: S<String>,
    pub(super) of: S<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HeaderRaw {
    pub(super) interface: S<String>,
    pub(super) path: S<String>,
    pub(super) guard: S<String>,
    pub(super) fid_macro: S<String>,
    pub(super) fid_prefix: S<String>,
    pub(super) version: Option<VersionRaw>,
    pub(super) revision: Option<S<String>>,
    pub(super) statuses: Vec<S<String>>,
    pub(super) items: Option<S<String>>,
    pub(super) aliases: Option<bool>,
    pub(super) copyright: Option<S<String>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct VersionRaw {
    pub(super) constant: S<String>,
    pub(super) name: S<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RenameRaw {
    pub(super) from: S<String>,
    pub(super) to: S<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CTypeRaw {
    pub(super) member: S<String>,
    #[serde(rename = "type")]
    pub(super) ty: S<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OmitRaw {
    pub(super) item: S<String>,
    pub(super) reason: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QueryRaw {
    pub(super) query: S<String>,
    pub(super) title: Option<String>,
    pub(super) placement: S<String>,
    pub(super) path: S<String>,
    pub(super) header: Option<S<String>>,
    pub(super) copyright: Option<S<String>>,
    pub(super) function: S<String>,
    pub(super) variable: S<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EditRaw {
    pub(super) path: S<String>,
    pub(super) before: Option<S<String>>,
    pub(super) after: Option<S<String>>,
    pub(super) append: Option<S<String>>,
    pub(super) insert: S<String>,
}
