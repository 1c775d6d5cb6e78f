//! Reading the API's answers: the JSON body, its rows as annual totals (breakdown rows dropped
//! and counted), and the tidy flows CSV written from them.

use super::*;

/// The records of an answer, or why it is not a good answer.
pub(super) fn parse_answer(
    url: &str,
    body: &str,
) -> Result<Vec<serde_json::Map<String, Value>>, FetchError> {
    let malformed = |message: String| FetchError::Malformed {
        request: url.to_string(),
        message,
    };
    if body.trim().is_empty() {
        return Err(malformed("empty body".into()));
    }
    let v: Value = serde_json::from_str(body).map_err(|e| malformed(format!("not JSON ({e})")))?;
    let Value::Object(obj) = v else {
        return Err(malformed("not a JSON object".into()));
    };
    match obj.get("error") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if s.trim().is_empty() => {}
        Some(Value::String(s)) => {
            return Err(FetchError::Api {
                request: url.to_string(),
                message: s.clone(),
            });
        }
        Some(other) => {
            return Err(FetchError::Api {
                request: url.to_string(),
                message: other.to_string(),
            });
        }
    }
    let Some(Value::Array(data)) = obj.get("data") else {
        return Err(malformed("no \"data\" array".into()));
    };
    data.iter()
        .enumerate()
        .map(|(i, r)| match r {
            Value::Object(m) => Ok(m.clone()),
            _ => Err(malformed(format!("record {i} is not an object"))),
        })
        .collect()
}

pub(super) fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(super) fn int_of(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Keeps a record if it is a requested total; counts or notes it otherwise.
pub(super) fn take(
    rec: &serde_json::Map<String, Value>,
    url: &str,
    codes: &M49,
    req: &FetchRequest,
    out: &mut Fetched,
    totals: &mut BTreeMap<(String, String, i32, Flow), TotalRow>,
) -> Result<(), FetchError> {
    let malformed = |message: String| FetchError::Malformed {
        request: url.to_string(),
        message,
    };
    let field = |k: &str| rec.get(k);
    let breakdown = text_of(field("customsCode")).is_some_and(|c| c != "C00")
        || int_of(field("motCode")).is_some_and(|m| m != 0)
        || int_of(field("partner2Code")).is_some_and(|p| p != 0);
    if breakdown {
        out.breakdown_rows += 1;
        return Ok(());
    }
    if text_of(field("cmdCode")).is_some_and(|c| !c.eq_ignore_ascii_case("TOTAL"))
        || text_of(field("freqCode")).is_some_and(|f| !f.eq_ignore_ascii_case("A"))
    {
        out.breakdown_rows += 1;
        return Ok(());
    }
    let flow = match text_of(field("flowCode")).as_deref() {
        Some("X") => Flow::Export,
        Some("M") => Flow::Import,
        Some(other) => {
            out.skipped
                .push(format!("flow {other} (not X or M) in {url}"));
            return Ok(());
        }
        None => return Err(malformed("a record has no flowCode".into())),
    };
    let year = int_of(field("refYear"))
        .or_else(|| int_of(field("period")))
        .and_then(|y| i32::try_from(y).ok())
        .ok_or_else(|| malformed("a record has no refYear".into()))?;
    let area = |code_key: &str, iso_key: &str| -> Result<Option<String>, FetchError> {
        let code = int_of(field(code_key))
            .and_then(|c| u32::try_from(c).ok())
            .ok_or_else(|| malformed(format!("a record has no {code_key}")))?;
        Ok(codes.iso3(code).map(str::to_string).or_else(|| {
            text_of(field(iso_key)).filter(|s| s.len() == 3 && codes.code(s).is_some())
        }))
    };
    let Some(reporter) = area("reporterCode", "reporterISO")? else {
        out.skipped.push(format!(
            "reporter code {} has no ISO3 code in data/m49.csv ({url})",
            text_of(field("reporterCode")).unwrap_or_default()
        ));
        return Ok(());
    };
    let Some(partner) = area("partnerCode", "partnerISO")? else {
        out.skipped.push(format!(
            "partner code {} has no ISO3 code in data/m49.csv (an area, not a country)",
            text_of(field("partnerCode")).unwrap_or_default()
        ));
        return Ok(());
    };
    if !req
        .reporters
        .iter()
        .any(|r| r.eq_ignore_ascii_case(&reporter))
        || (!req.partners.is_empty()
            && !req
                .partners
                .iter()
                .any(|p| p.eq_ignore_ascii_case(&partner)))
        || !req.years.contains(&year)
    {
        out.skipped.push(format!(
            "{reporter} × {partner} {year} was not asked for ({url})"
        ));
        return Ok(());
    }
    let value = match field("primaryValue") {
        Some(Value::Number(n)) => n
            .as_f64()
            .ok_or_else(|| malformed("primaryValue is not a number".into()))?,
        Some(Value::Null) | None => {
            out.skipped.push(format!(
                "{reporter} × {partner} {year} {flow}: no primaryValue"
            ));
            return Ok(());
        }
        Some(other) => return Err(malformed(format!("primaryValue {other} is not a number"))),
    };
    if !value.is_finite() || value < 0.0 {
        return Err(malformed(format!("primaryValue {value} is negative")));
    }
    let key = (reporter.clone(), partner.clone(), year, flow);
    if let Some(first) = totals.get(&key) {
        if (first.value_usd - value).abs() > f64::EPSILON * value.abs().max(1.0) {
            out.skipped.push(format!(
                "{reporter} × {partner} {year} {flow}: a second total {value} differs from {} ({url}); the first is kept",
                first.value_usd
            ));
        }
        return Ok(());
    }
    totals.insert(
        key,
        TotalRow {
            reporter,
            partner,
            year,
            flow,
            value_usd: value,
            request: url.to_string(),
        },
    );
    Ok(())
}

/// The totals as the project's tidy flows CSV. Each row cites [`SOURCE_ID`] and, in its note,
/// the request and the retrieval date (`YYYY-MM-DD`).
///
/// # Errors
/// A CSV writing error (in memory; does not happen in practice).
pub fn tidy_csv(rows: &[TotalRow], retrieved: &str) -> Result<String, String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record([
        "reporter", "partner", "year", "flow", "value", "unit", "basis", "source", "note",
    ])
    .map_err(|e| e.to_string())?;
    for r in rows {
        let year = r.year.to_string();
        let value = r.value_usd.to_string();
        let note = format!("UN Comtrade API, retrieved {retrieved}: {}", r.request);
        w.write_record([
            r.reporter.as_str(),
            r.partner.as_str(),
            year.as_str(),
            r.flow.as_str(),
            value.as_str(),
            "USD",
            "reporter",
            SOURCE_ID,
            note.as_str(),
        ])
        .map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today_utc() -> String {
    let t = crate::files::Timestamp::now_utc();
    format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
}
