//! `edits:`: where a series inserts the C it adds into hand-written kernel
//! files, one anchor line per fragment.

use super::raw::{EditRaw, ProfileRaw};
use super::{Cx, LinuxHeader, LinuxQuery, Placement};
use crate::check::{self, Report};
use crate::schema::S;

/// The pieces of C a series inserts into hand-written files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fragment {
    RsiHostCall,
    QueryInclude,
    QueryVariable,
    QueryRoutine,
    QueryCall,
    MakefileObject,
}

impl Fragment {
    pub const ALL: [Fragment; 6] = [
        Fragment::RsiHostCall,
        Fragment::QueryInclude,
        Fragment::QueryVariable,
        Fragment::QueryRoutine,
        Fragment::QueryCall,
        Fragment::MakefileObject,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Fragment::RsiHostCall => "rsi_host_call",
            Fragment::QueryInclude => "query_include",
            Fragment::QueryVariable => "query_variable",
            Fragment::QueryRoutine => "query_routine",
            Fragment::QueryCall => "query_call",
            Fragment::MakefileObject => "makefile_object",
        }
    }
    /// The fragments a placement needs, each exactly once.
    pub fn needed(placement: Placement) -> Vec<Fragment> {
        let mut v = vec![
            Fragment::RsiHostCall,
            Fragment::QueryInclude,
            Fragment::QueryVariable,
            Fragment::QueryCall,
        ];
        v.push(match placement {
            Placement::Inline => Fragment::QueryRoutine,
            Placement::File => Fragment::MakefileObject,
        });
        v.sort();
        v
    }
}

/// Where an insertion goes relative to its anchor line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    Before,
    After,
    /// At the end of the anchor line, after a space.
    Append,
}

/// An insertion into a hand-written file at the one line matching `anchor`
/// (compared with runs of white space taken as one space).
#[derive(Clone, Debug)]
pub struct Edit {
    pub path: String,
    pub position: Position,
    pub anchor: String,
    pub fragment: Fragment,
}

pub(super) fn edits(
    cx: &mut Cx<'_>,
    raw: &[EditRaw],
    headers: &[LinuxHeader],
    query: Option<&LinuxQuery>,
) -> Vec<Edit> {
    let mut out: Vec<Edit> = Vec::new();
    for e in raw {
        if let Some(edit) = edit(cx, e, &out, headers, query) {
            out.push(edit);
        }
    }
    out
}

/// One edit: a known fragment, inserted once, into a file not generated
/// whole, at one anchor.
fn edit(
    cx: &mut Cx<'_>,
    e: &EditRaw,
    earlier: &[Edit],
    headers: &[LinuxHeader],
    query: Option<&LinuxQuery>,
) -> Option<Edit> {
    let fragments = Fragment::ALL.map(|f| (f.name(), f));
    let fragment = check::keyword(cx, &e.insert, "fragment", &fragments)?;
    if earlier.iter().any(|o| o.fragment == fragment) {
        cx.err(
            &e.insert,
            format!("fragment `{}` is inserted twice", e.insert.value),
        );
        return None;
    }
    let generated = headers.iter().any(|h| h.path == e.path.value)
        || query.is_some_and(|q| q.placement == Placement::File && q.path == e.path.value);
    if generated {
        let msg = format!(
            "`{}` is generated whole; an edit cannot go into it",
            e.path.value
        );
        cx.err(&e.path, msg);
        return None;
    }
    let (position, anchor) = anchor(cx, e)?;
    Some(Edit {
        path: e.path.value.clone(),
        position,
        anchor: anchor.value.clone(),
        fragment,
    })
}

/// The one anchor of an edit, which must say more than white space.
fn anchor<'e>(cx: &mut Cx<'_>, e: &'e EditRaw) -> Option<(Position, &'e S<String>)> {
    let anchors = [
        (Position::Before, &e.before),
        (Position::After, &e.after),
        (Position::Append, &e.append),
    ];
    let given: Vec<(Position, &S<String>)> = anchors
        .iter()
        .filter_map(|(p, a)| a.as_ref().map(|a| (*p, a)))
        .collect();
    let [(position, anchor)] = given[..] else {
        cx.err(
            &e.path,
            "an edit needs exactly one of `before:`, `after:` and `append:`",
        );
        return None;
    };
    if anchor.value.trim().is_empty() {
        cx.err(anchor, "an anchor must contain more than white space");
        return None;
    }
    Some((position, anchor))
}

/// Every fragment the query's placement needs has an edit, and no other.
pub(super) fn needed(cx: &mut Cx<'_>, p: &ProfileRaw, q: &LinuxQuery, edits: &[Edit]) {
    let needed = Fragment::needed(q.placement);
    for f in &needed {
        if !edits.iter().any(|e| e.fragment == *f) {
            let msg = format!(
                "profile `{}` has no edit that inserts `{}`",
                p.name.value,
                f.name()
            );
            cx.err(&p.name, msg);
        }
    }
    for e in edits.iter().filter(|e| !needed.contains(&e.fragment)) {
        let msg = format!(
            "profile `{}` inserts `{}`, which a routine placed `{}` does not use",
            p.name.value,
            e.fragment.name(),
            q.placement.name()
        );
        cx.err(&p.name, msg);
    }
}
