//! `query:`: the guest routine that reads one of the model's queries at
//! boot, and where it goes.

use super::Cx;
use super::raw::QueryRaw;
use crate::check::{self, Report};
use crate::diag::Loc;

/// Where the query routine goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// A static `__init` routine inserted into an existing file.
    Inline,
    /// A file of its own, the routine its one global symbol.
    File,
}

/// A profile's query as written. What it names in the model (the query,
/// its interface and carrier, the headers they need) is linked and checked
/// by lowering (`plan::profile`).
#[derive(Clone, Debug)]
pub struct LinuxQuery {
    pub query: String,
    /// Where `query:` names it.
    pub at: Loc,
    /// Where the profile that takes it from the profile it extends is named.
    pub inherited_at: Option<Loc>,
    /// How prose names the value; the query's own title by default.
    pub title: Option<String>,
    pub placement: Placement,
    /// The `.c` file the routine lives in.
    pub path: String,
    /// The header that declares it (`Placement::File` only).
    pub header: Option<String>,
    pub header_at: Option<Loc>,
    pub copyright: Option<String>,
    pub function: String,
    /// The static variable in `rsi.c` that keeps the result.
    pub variable: String,
}

impl Placement {
    pub const ALL: [Placement; 2] = [Placement::Inline, Placement::File];

    /// As `outputs.yaml` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Placement::Inline => "inline",
            Placement::File => "file",
        }
    }
}

pub(super) fn query(cx: &mut Cx<'_>, q: &QueryRaw) -> Option<LinuxQuery> {
    let placements = Placement::ALL.map(|p| (p.name(), p));
    let placement = check::keyword(cx, &q.placement, "placement", &placements)?;
    let mut ok = cx.path(&q.path, ".c");
    ok &= cx.c_ident(&q.function, "function name");
    ok &= cx.c_ident(&q.variable, "variable name");
    ok &= declared(cx, q, placement);
    ok.then(|| LinuxQuery {
        query: q.query.value.clone(),
        at: cx.loc(&q.query),
        inherited_at: None,
        title: q.title.clone(),
        placement,
        path: q.path.value.clone(),
        header: q.header.as_ref().map(|h| h.value.clone()),
        header_at: q.header.as_ref().map(|h| cx.loc(h)),
        copyright: q.copyright.as_ref().map(|c| c.value.clone()),
        function: q.function.value.clone(),
        variable: q.variable.value.clone(),
    })
}

/// A routine in a file of its own is declared in a header (`header:`, one
/// of the profile's: lowering checks that); an inline one is static and
/// declared nowhere.
fn declared(cx: &mut Cx<'_>, q: &QueryRaw, placement: Placement) -> bool {
    match (placement, &q.header) {
        (Placement::File, None) => {
            cx.err(
                &q.placement,
                "a routine in a file of its own needs `header:`",
            );
            false
        }
        (Placement::Inline, Some(h)) => {
            cx.err(h, "an inline routine is static: it has no `header:`");
            false
        }
        _ => true,
    }
}
