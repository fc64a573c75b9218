//! Scaling: the shipped description plus a synthetic interface of N
//! functions, timed in-process stage by stage (load and validate, each
//! emitter), with the ratio between successive sizes.

use super::{Row, Table, synthetic, time};
use anyhow::{Context as _, Result};
use codegen::{Source, emit};
use std::path::Path;
use std::time::Duration;

/// Stage times for one size.
pub struct Stages {
    pub functions: usize,
    pub lines: usize,
    pub load: Duration,
    pub json: Duration,
    pub c: Duration,
    pub rust: Duration,
}

impl Stages {
    pub fn total(&self) -> Duration {
        self.load + self.json + self.c + self.rust
    }
}

/// The shipped sources and outputs with the synthetic interface of `n`
/// functions and a profile that generates its C header.
fn inputs(abi: &Path, n: usize) -> Result<(Vec<Source>, Source)> {
    let mut sources = crate::files::read_sources(abi)?;
    sources.push(Source::new("syn.yaml", synthetic::description(n)));
    let path = abi.join(crate::files::OUTPUTS_FILE);
    let mut outputs = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    outputs.push_str(synthetic::PROFILE);
    Ok((sources, Source::new("outputs.yaml", outputs)))
}

fn measure(abi: &Path, n: usize, iterations: u32) -> Result<Stages> {
    let (sources, outputs_src) = inputs(abi, n)?;
    let load = |sources: &[Source]| {
        let model = codegen::load(sources).map_err(|d| crate::Failure::text(d.render(sources)))?;
        let outputs = codegen::load_outputs(&outputs_src, &model)
            .map_err(|d| crate::Failure::text(d.render(std::slice::from_ref(&outputs_src))))?;
        Ok::<_, anyhow::Error>((model, outputs))
    };
    let load_time = time(iterations, || load(&sources).map(drop))?;
    let (model, outputs) = load(&sources)?;
    let views = codegen::plan::views(&model, &outputs);
    let plan = crate::files::plan(&model, &outputs, &views)?;
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    Ok(Stages {
        functions: n,
        lines: sources.iter().map(|s| s.text.lines().count()).sum(),
        load: load_time,
        json: time(iterations, || {
            std::hint::black_box(emit::json::file(&model));
            Ok(())
        })?,
        c: time(iterations, || {
            emit::c::all_profiles(&plan)
                .map(drop)
                .map_err(anyhow::Error::msg)
        })?,
        rust: time(iterations, || {
            std::hint::black_box(emit::rust::files(&model, threads));
            Ok(())
        })?,
    })
}

/// Measure every size; fewer iterations for the larger ones.
pub fn run(abi: &Path, sizes: &[usize], iterations: u32) -> Result<Vec<Stages>> {
    sizes
        .iter()
        .map(|&n| {
            println!("==> scaling: {n} synthetic functions");
            let runs = (iterations * 100 / n.max(100) as u32).max(3);
            measure(abi, n, runs)
        })
        .collect()
}

fn growth(a: Duration, b: Duration, ratio: f64) -> String {
    format!(
        "{:.2}× per {ratio}× functions",
        b.as_secs_f64() / a.as_secs_f64()
    )
}

/// A stage's time in a measurement.
type Stage = fn(&Stages) -> Duration;

/// One row per size and stage, each with its growth over the previous size.
pub fn rows(stages: &[Stages], table: &mut Table) {
    for (i, s) in stages.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| &stages[p]);
        let ratio = prev.map(|p| s.functions as f64 / p.functions as f64);
        let named: [(&str, Stage); 5] = [
            ("load + validate", |s| s.load),
            ("emit JSON", |s| s.json),
            ("emit C (every profile)", |s| s.c),
            ("emit Rust crate", |s| s.rust),
            ("total", Stages::total),
        ];
        for (what, f) in named {
            table.push(Row {
                section: "scaling",
                what: format!("{} functions ({} YAML lines): {what}", s.functions, s.lines),
                figure: super::ms(f(s)),
                ratio: match (prev, ratio) {
                    (Some(p), Some(r)) => growth(f(p), f(s), r),
                    _ => "–".into(),
                },
            });
        }
    }
}
