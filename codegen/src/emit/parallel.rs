//! Formatting in parallel: the emitters' heaviest step (`syn` parsing and
//! `prettyplease` printing) runs as independent jobs on every core, and the
//! results come back in job order, so the output does not depend on the
//! number of threads or on scheduling.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A job: produces one piece of text. Tokens are built inside the job,
/// since `proc_macro2` token streams cannot cross threads.
pub type Job<'a> = Box<dyn FnOnce() -> String + Send + 'a>;

/// Run `jobs` on up to `threads` threads (the caller's choice: this library
/// reads no environment); the texts in job order.
pub fn run(jobs: Vec<Job<'_>>, threads: usize) -> Vec<String> {
    let n = jobs.len();
    let threads = threads.min(n);
    if threads <= 1 {
        return jobs.into_iter().map(|j| j()).collect();
    }
    let queue: Vec<Mutex<Option<Job<'_>>>> =
        jobs.into_iter().map(|j| Mutex::new(Some(j))).collect();
    let results: Vec<Mutex<String>> = (0..n).map(|_| Mutex::new(String::new())).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(slot) = queue.get(i) else { break };
                    let job = slot.lock().map_or(None, |mut j| j.take());
                    if let (Some(job), Ok(mut out)) = (job, results[i].lock()) {
                        *out = job();
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}
