//! Where the configuration loader reports: `outputs.yaml` and its
//! diagnostics, with the checks of C names and tree paths every key uses.

use crate::check::{self, Report};
use crate::diag::Diagnostics;
use crate::schema::S;

/// Where the loader reports: `outputs.yaml` and its diagnostics.
pub(super) struct Cx<'a> {
    pub(super) file: &'a str,
    pub(super) diags: Diagnostics,
}

impl Report for Cx<'_> {
    fn file(&self) -> &str {
        self.file
    }

    fn diags(&mut self) -> &mut Diagnostics {
        &mut self.diags
    }
}

impl Cx<'_> {
    /// Rule 5 of `abi/README.md`, in the wording of a C name.
    pub(super) fn c_ident(&mut self, s: &S<String>, what: &str) -> bool {
        check::ident(self, s, |name| {
            format!("{what} `{name}` is not a C identifier")
        })
    }

    /// A path in the kernel tree: relative, plain, ending in `ext`.
    pub(super) fn path(&mut self, s: &S<String>, ext: &str) -> bool {
        let p = &s.value;
        let ok = !p.starts_with('/')
            && !p.contains('\\')
            && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
            && p.ends_with(ext);
        if !ok {
            self.err(
                s,
                format!("path `{p}` must be relative, without `.` or `..`, and end in `{ext}`"),
            );
        }
        ok
    }
}
