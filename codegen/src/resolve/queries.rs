//! Queries: a value the guest asks the host for through `RSI_HOST_CALL`, in
//! three steps (check the version, check the feature bit, read the value),
//! then validates.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 5 and 7 (query names
//! are identifiers, unique within the interface), 34 (the referenced
//! functions, outputs, version constant and bit-field type exist), 37 (the
//! feature bit is listed under `features:` for that call and advertises the
//! queried function), 38 (`min` is not above `max`; with `power_of_two`, both
//! bounds are powers of two) and 40 (a query lives on a `host_call`
//! interface, reads whole `gprs[0]` outputs, and its feature register is not
//! selected by an index).

use super::{Ctx, find_fn};
use crate::check::{self, Report, Scope, hex};
use crate::model::{self, Reg};
use crate::schema::{self, S};

/// What a query may refer to: the constructs resolved before queries.
pub(super) struct Known<'a> {
    pub functions: &'a [model::Function],
    pub bitfields: &'a [model::Bitfield],
    pub versions: &'a [model::VersionConst],
    pub features: &'a [model::Feature],
}

/// Resolve every query.
pub(super) fn queries(
    cx: &mut Ctx<'_>,
    qs: &[schema::Query],
    transport: Option<model::Transport>,
    k: &Known<'_>,
) -> Vec<model::Query> {
    let mut names = Scope::default();
    qs.iter()
        .filter_map(|q| query(cx, q, &mut names, transport, k))
        .collect()
}

/// Rules 34, 37, 38 and 40: one query, step by step; it resolves when every
/// step does.
fn query(
    cx: &mut Ctx<'_>,
    q: &schema::Query,
    names: &mut Scope,
    transport: Option<model::Transport>,
    k: &Known<'_>,
) -> Option<model::Query> {
    name(cx, q, names, transport);
    let version = version_step(cx, &q.version, k);
    let feature = feature_step(cx, &q.feature, k);
    let value = value_step(cx, q, k, feature.advert);
    whole_gpr0(cx, q, &version, &feature, &value);
    no_index(cx, q, &feature);
    let (min, max) = validate(cx, &q.validate);
    Some(model::Query {
        name: q.name.value.clone(),
        title: q
            .title
            .clone()
            .unwrap_or_else(|| q.name.value.replace('_', " ")),
        doc: q.doc.clone(),
        source: q.source.clone(),
        note: q.note.clone(),
        version: version.resolved()?,
        feature: feature.resolved()?,
        value: value.resolved()?,
        validate: model::QueryValidate {
            power_of_two: q.validate.power_of_two,
            min,
            max,
        },
    })
}

/// Rules 5, 7 and 40: the name is an identifier, unique in the interface,
/// and the interface is carried by `RSI_HOST_CALL`.
fn name(
    cx: &mut Ctx<'_>,
    q: &schema::Query,
    names: &mut Scope,
    transport: Option<model::Transport>,
) {
    if cx.ident(&q.name, "query") {
        names.latest(cx, &q.name, "query", "");
    }
    if transport == Some(model::Transport::Smc) {
        let msg = format!(
            "query `{}` asks the host through RSI_HOST_CALL; its interface needs `transport: host_call`",
            q.name.value
        );
        cx.err(&q.name, msg);
    }
}

/// Rule 34: `func` has an output `out`.
fn find_output<'m>(
    cx: &mut Ctx<'_>,
    func: &'m model::Function,
    out: &S<String>,
) -> Option<&'m model::RegValue> {
    let o = func.outputs.iter().find(|o| o.name == out.value);
    let reported = cx
        .global
        .unresolved
        .contains(&format!("{}.{}", func.name, out.value));
    if o.is_none() && !reported {
        let names = func.outputs.iter().map(|o| o.name.as_str());
        let hint = check::did_you_mean(&out.value, names);
        cx.err(
            out,
            format!("`{}` has no output `{}`{hint}", func.name, out.value),
        );
    }
    o
}

/// The version step: the call, its output, the version it must report.
struct VersionStep<'m> {
    call: Option<&'m model::Function>,
    output: Option<&'m model::RegValue>,
    requires: Option<&'m model::VersionConst>,
}

/// Rule 34: the version call, its output and the version constant exist.
fn version_step<'m>(cx: &mut Ctx<'_>, s: &schema::QueryVersion, k: &Known<'m>) -> VersionStep<'m> {
    let call = find_fn(cx, k.functions, &s.call);
    let output = call.and_then(|f| find_output(cx, f, &s.output));
    let requires = k.versions.iter().find(|v| v.name == s.requires.value);
    if requires.is_none() {
        let names = k.versions.iter().map(|v| v.name.as_str());
        super::unknown(cx, &s.requires, "version constant", names);
    }
    VersionStep {
        call,
        output,
        requires,
    }
}

impl VersionStep<'_> {
    fn resolved(&self) -> Option<model::QueryVersion> {
        let requires = self.requires?;
        Some(model::QueryVersion {
            call: self.call?.name.clone(),
            output: self.output?.name.clone(),
            requires: requires.name.clone(),
            major: requires.major,
            minor: requires.minor,
        })
    }
}

/// The feature step: the call, its output, the register and its
/// `features:` entry, and the bit that advertises the queried function.
struct FeatureStep<'m> {
    call: Option<&'m model::Function>,
    output: Option<&'m model::RegValue>,
    register: Option<&'m model::Bitfield>,
    set: Option<&'m model::Feature>,
    advert: Option<&'m model::Advert>,
}

/// Rules 34 and 37: the feature call, its output and register exist, a
/// `features:` entry says the call returns the register, and the bit is one
/// it advertises a function with.
fn feature_step<'m>(cx: &mut Ctx<'_>, s: &schema::QueryFeature, k: &Known<'m>) -> FeatureStep<'m> {
    let call = find_fn(cx, k.functions, &s.call);
    let output = call.and_then(|f| find_output(cx, f, &s.output));
    let register = k.bitfields.iter().find(|b| b.name == s.register.value);
    if register.is_none() {
        let names = k.bitfields.iter().map(|b| b.name.as_str());
        super::unknown(cx, &s.register, "bit-field type", names);
    }
    let set = k
        .features
        .iter()
        .find(|f| f.via == s.call.value && f.register == s.register.value);
    if call.is_some() && register.is_some() && set.is_none() {
        let msg = format!(
            "no `features:` entry says that `{}` returns `{}`",
            s.call.value, s.register.value
        );
        cx.err(&s.call, msg);
    }
    let advert = set.and_then(|f| advert(cx, s, f));
    FeatureStep {
        call,
        output,
        register,
        set,
        advert,
    }
}

/// Rule 37: the feature bit advertises a function in its `features:` entry.
fn advert<'m>(
    cx: &mut Ctx<'_>,
    s: &schema::QueryFeature,
    f: &'m model::Feature,
) -> Option<&'m model::Advert> {
    let a = f.advertises.iter().find(|a| a.bit == s.bit.value);
    if a.is_none() {
        let msg = format!(
            "unknown feature bit `{}`: `{}` advertises no function with it",
            s.bit.value, f.register
        );
        cx.err(&s.bit, msg);
    }
    a
}

impl FeatureStep<'_> {
    fn resolved(&self) -> Option<model::QueryFeature> {
        let advert = self.advert?;
        Some(model::QueryFeature {
            call: self.call?.name.clone(),
            output: self.output?.name.clone(),
            index: self.set.and_then(|f| f.index),
            register: self.register?.name.clone(),
            bit: advert.bit.clone(),
            shift: advert.shift,
        })
    }
}

/// The value step: the call and its output.
struct ValueStep<'m> {
    call: Option<&'m model::Function>,
    output: Option<&'m model::RegValue>,
}

/// Rules 34 and 37: the value call and its output exist, and the feature
/// bit advertises that call.
fn value_step<'m>(
    cx: &mut Ctx<'_>,
    q: &schema::Query,
    k: &Known<'m>,
    advert: Option<&model::Advert>,
) -> ValueStep<'m> {
    let call = find_fn(cx, k.functions, &q.value.call);
    let output = call.and_then(|f| find_output(cx, f, &q.value.output));
    if let (Some(a), Some(c)) = (advert, call)
        && a.function != c.name
    {
        let msg = format!(
            "feature bit `{}` advertises `{}`, not the queried `{}`",
            a.bit, a.function, c.name
        );
        cx.err(&q.feature.bit, msg);
    }
    ValueStep { call, output }
}

impl ValueStep<'_> {
    fn resolved(&self) -> Option<model::QueryValue> {
        Some(model::QueryValue {
            call: self.call?.name.clone(),
            output: self.output?.name.clone(),
        })
    }
}

/// Rule 40: the routines read the host's answer from the whole of `gprs[0]`.
fn whole_gpr0(
    cx: &mut Ctx<'_>,
    q: &schema::Query,
    version: &VersionStep<'_>,
    feature: &FeatureStep<'_>,
    value: &ValueStep<'_>,
) {
    for (out, at) in [
        (version.output, &q.version.output),
        (feature.output, &q.feature.output),
        (value.output, &q.value.output),
    ] {
        if let Some(o) = out
            && (o.reg != Reg::Gpr(0) || (o.hi, o.lo) != (63, 0))
        {
            let msg = format!(
                "a query reads the whole of gprs[0], but output `{}` is in {} bits {}:{}",
                o.name, o.reg, o.hi, o.lo
            );
            cx.err(at, msg);
        }
    }
}

/// Rule 40: a query sends no index, so its feature register is not one
/// selected by one.
fn no_index(cx: &mut Ctx<'_>, q: &schema::Query, feature: &FeatureStep<'_>) {
    if let Some(f) = feature.set
        && f.index.is_some()
    {
        let msg = format!(
            "a query sends no index, but `features:` selects `{}` of `{}` with one",
            f.register, f.via
        );
        cx.err(&q.feature.register, msg);
    }
}

/// Rule 38: `min` is not above `max`; with `power_of_two`, both bounds are
/// powers of two.
fn validate(cx: &mut Ctx<'_>, v: &schema::QueryValidate) -> (Option<u64>, Option<u64>) {
    let min = v.min.as_ref().and_then(|m| cx.uint(m, u64::MAX, "min"));
    let max = v.max.as_ref().and_then(|m| cx.uint(m, u64::MAX, "max"));
    if let (Some(a), Some(b), Some(bs)) = (min, max, &v.max)
        && a > b
    {
        cx.err(bs, format!("max {} is below min {}", hex(b), hex(a)));
    }
    if v.power_of_two {
        for (n, s) in [(min, &v.min), (max, &v.max)] {
            if let (Some(n), Some(s)) = (n, s)
                && !n.is_power_of_two()
            {
                cx.err(
                    s,
                    format!("{} is not a power of two, but the value must be", hex(n)),
                );
            }
        }
    }
    (min, max)
}
