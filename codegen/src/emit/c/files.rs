//! A profile's files: every file and fragment its series carries, the
//! headers on their own, and the query routine as the series places it.

use super::ROOT;
use super::header;
use super::patch::Change;
use super::query;
use super::series::series;
use crate::config::{Fragment, LinuxProfile};
use crate::emit::{Comment, File};
use crate::plan::{LinuxQueryPlan, Plan, ProfilePlan};

/// Output paths are `linux/<profile>/` + the path in the kernel tree.
pub fn profile_root(profile: &LinuxProfile) -> String {
    format!("{ROOT}/{}", profile.name)
}

/// Where a fragment's generated copy lives, under the profile's root:
/// `fragments/<tree path of the file it goes into>/<fragment>` with that file's extension.
pub fn fragment_path(edit: &crate::config::Edit) -> String {
    let ext = edit.path.rsplit_once('.').map_or("mk", |(_, e)| e);
    let ext = if edit.path.ends_with("Makefile") {
        "mk"
    } else {
        ext
    };
    format!("fragments/{}/{}.{ext}", edit.path, edit.fragment.name())
}

/// Every file and fragment of one profile's series, as each patch carries
/// it, with the generated-file banner: paths under
/// `linux/<profile>/<patch slug>/`, a whole file at its tree path, a
/// fragment under `fragments/`.
pub fn files(pp: &ProfilePlan<'_>) -> Result<Vec<File>, String> {
    let root = profile_root(pp.profile);
    let inputs = crate::emit::inputs(pp.model);
    let series = series(pp)?;
    let mut out: Vec<File> = Vec::new();
    for patch in &series.patches {
        for change in &patch.changes {
            let (path, text, comment) = match change {
                Change::Whole { path, contents } => (path.clone(), contents, Comment::Block),
                Change::Insert { edit, text } => (
                    fragment_path(edit),
                    text,
                    if edit.fragment == Fragment::MakefileObject {
                        Comment::Hash
                    } else {
                        Comment::Block
                    },
                ),
            };
            let path = format!("{root}/{}/{path}", patch.slug);
            out.push(File::generated(path, comment, &inputs, text));
        }
    }
    Ok(out)
}

/// Every header of a profile on its own, without a query or a series (for
/// tools and tests that only need the definitions): paths in the kernel
/// tree, no banner.
pub fn header_files(pp: &ProfilePlan<'_>) -> Result<Vec<File>, String> {
    header::header_files(pp, |_| true)
        .iter()
        .map(|f| {
            Ok(File {
                path: f.path.to_string(),
                contents: header::render_header(pp, f, None)?,
            })
        })
        .collect()
}

/// Every profile's files.
pub fn all_profiles(plan: &Plan<'_>) -> Result<Vec<File>, String> {
    let mut out = Vec::new();
    for p in &plan.profiles {
        out.extend(files(p)?);
    }
    Ok(out)
}

/// The C text of profile `pp`'s query routine `q` as the series places it:
/// the fragment inserted into `rsi.c`, or the whole file of its own.
pub fn routine_source(pp: &ProfilePlan<'_>, q: &LinuxQueryPlan<'_>) -> Result<String, String> {
    match q.config.placement {
        crate::config::Placement::Inline => query::fragment(pp, q, Fragment::QueryRoutine),
        crate::config::Placement::File => query::file(pp, q),
    }
}
