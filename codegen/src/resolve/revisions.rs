//! Specification revisions: the interface's list (`interface.revisions`),
//! and each item's `since`, `until` and `status` against it.
//!
//! Without `revisions:` an interface describes one specification revision
//! (`spec.revision`), and `since` is the interface revision `MAJOR.MINOR` at
//! most `revision` (stable) or `draft_revision` (draft). With it, `since` and
//! `until` name revisions of the list, and an item is in every revision from
//! `since` to `until`.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 8 (status values), 10
//! (revision syntax and order), 11 (`since` against the interface revisions)
//! and 43 (`since` and `until` name listed revisions, in order).

use super::Ctx;
use crate::check::{self, Report};
use crate::model::{Revision, Span, SpecRevision, Status};
use crate::schema::{self, S};

/// The revisions an item may name, from the interface header.
pub(crate) struct Revisions {
    /// Legacy form: the interface revision of stable and of draft items.
    pub revision: Revision,
    pub draft: Revision,
    /// The specification revisions, oldest first (one in the legacy form).
    pub list: Vec<SpecRevision>,
    /// Whether the file lists them (`revisions:`).
    pub declared: bool,
}

/// An item's revisions, resolved.
pub(super) struct Checked {
    /// The interface revision the item first appears in.
    pub since: Revision,
    pub status: Status,
    pub revisions: Span,
}

impl Revisions {
    /// Rules 8, 11 and 43: one item's `since`, `until` and `status`.
    pub(super) fn check(
        &self,
        cx: &mut Ctx<'_>,
        since: Option<&S<String>>,
        until: Option<&S<String>>,
        status: Option<&S<String>>,
    ) -> Checked {
        let status_at = status;
        let status = status
            .and_then(|s| check::status(cx, s))
            .unwrap_or(Status::Stable);
        if self.declared {
            return self.named(cx, (since, until), status, status_at);
        }
        if let Some(u) = until {
            cx.err(
                u,
                "`until` names a specification revision; list them in `interface.revisions` first",
            );
        }
        let since = self.legacy(cx, since, status);
        Checked {
            since,
            status,
            revisions: self.whole(),
        }
    }

    /// The span of every revision.
    pub(super) fn whole(&self) -> Span {
        let last = self.list.len().saturating_sub(1);
        Span {
            since: self
                .list
                .first()
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            until: None,
            first: 0,
            last,
        }
    }

    /// Rule 11, legacy form: `since` is at most `revision` for stable and
    /// deprecated items, at most `draft_revision` for drafts.
    fn legacy(&self, cx: &mut Ctx<'_>, since: Option<&S<String>>, status: Status) -> Revision {
        let Some(since) = since else {
            return self.revision;
        };
        let Some(rev) = cx.revision(since, "since") else {
            return self.revision;
        };
        let limit = if status == Status::Draft {
            self.draft
        } else {
            self.revision
        };
        if rev > limit {
            let msg = if status == Status::Draft {
                format!("since {rev} is newer than the interface draft_revision {limit}")
            } else {
                format!(
                    "since {rev} is newer than the interface revision {limit}; a later-revision item must be `status: draft`"
                )
            };
            cx.err(since, msg);
        }
        rev
    }

    /// Rule 43: `since` and `until` name listed revisions, `until` not before
    /// `since`; an item that first appears in a draft revision is not stable.
    fn named(
        &self,
        cx: &mut Ctx<'_>,
        (since, until): (Option<&S<String>>, Option<&S<String>>),
        status: Status,
        status_at: Option<&S<String>>,
    ) -> Checked {
        if self.list.is_empty() {
            // No revision resolved (each was reported): nothing to name.
            let zero = Revision { major: 0, minor: 0 };
            let revisions = self.whole();
            return Checked {
                since: zero,
                status,
                revisions,
            };
        }
        let first = since.and_then(|s| self.index(cx, s, "since")).unwrap_or(0);
        let last = until
            .and_then(|u| self.index(cx, u, "until"))
            .unwrap_or(self.list.len() - 1);
        if let Some(u) = until
            && last < first
        {
            let msg = format!(
                "until {} is older than since {}",
                self.list[last].name, self.list[first].name
            );
            cx.err(u, msg);
        }
        let rev = &self.list[first];
        if status == Status::Stable && rev.status == Status::Draft {
            let msg = format!(
                "since {} is a draft revision; its items must be `status: draft`",
                rev.name
            );
            // Where it is said: `since:`, else `status:` (an item with
            // neither is stable by default in a list that starts with a
            // draft, and has no key to point at).
            match (since, status_at) {
                (Some(s), _) => cx.err(s, msg),
                (None, Some(s)) => cx.err(s, msg),
                (None, None) => {}
            }
        }
        Checked {
            since: rev.reports,
            status,
            revisions: Span {
                since: rev.name.clone(),
                until: until.map(|_| self.list[last.max(first)].name.clone()),
                first,
                last: last.max(first),
            },
        }
    }

    /// Rule 43: `since` and `until` name listed revisions; the index of the
    /// revision `s` names, reported when it names none.
    fn index(&self, cx: &mut Ctx<'_>, s: &S<String>, key: &str) -> Option<usize> {
        let i = self.list.iter().position(|r| r.name == s.value);
        if i.is_none() {
            let names: Vec<&str> = self.list.iter().map(|r| r.name.as_str()).collect();
            let msg = format!(
                "{key} `{}` is not a revision of the interface; its revisions are {}",
                s.value,
                names.join(", ")
            );
            cx.err(s, msg);
        }
        i
    }
}

/// Rules 8, 10 and 43: the interface's `revisions:` list: names unique,
/// `reports` a `MAJOR.MINOR` that never goes down, status stable or draft,
/// and no stable revision after a draft one.
pub(super) fn declared(cx: &mut Ctx<'_>, list: &[schema::SpecRevision]) -> Vec<SpecRevision> {
    let mut out: Vec<SpecRevision> = Vec::new();
    let mut names = check::Scope::default();
    for r in list {
        let new = names.first(cx, &r.name, "revision", "");
        let reports = cx.revision(&r.reports, "reports");
        let status = check::status(cx, &r.status);
        if status == Some(Status::Deprecated) {
            cx.err(&r.status, "a revision is `stable` or `draft`");
        }
        let prev = out.last();
        if let (Some(p), Some(rep)) = (prev, reports)
            && rep < p.reports
        {
            let msg = format!("reports {rep} is older than {} of {}", p.reports, p.name);
            cx.err(&r.reports, msg);
        }
        if let (Some(p), Some(Status::Stable)) = (prev, status)
            && p.status == Status::Draft
        {
            let msg = format!("stable revision {} follows draft {}", r.name.value, p.name);
            cx.err(&r.status, msg);
        }
        if let (true, Some(reports), Some(status)) = (new, reports, status) {
            out.push(SpecRevision {
                name: r.name.value.clone(),
                reports,
                status,
                source: r.source.clone(),
                doc: r.doc.clone(),
                note: r.note.clone(),
            });
        }
    }
    out
}
