//! `data/sources.csv`: one row per cited source. Every row of every other table names one.

use std::fmt;
use std::path::Path;

use super::{Columns, TableError, field, line_of, reader};

/// Id of a row in `sources.csv` (`nbs-a060101`), or `import:<file name>` for a user's file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct SourceId(pub String);

impl SourceId {
    /// The id of a user's imported file: `import:<file name>`.
    pub fn for_import(file_name: &str) -> Self {
        Self(format!("import:{file_name}"))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a user's imported file rather than a bundled source.
    pub fn is_import(&self) -> bool {
        self.0.starts_with("import:")
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A cited source.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Its id.
    pub id: SourceId,
    /// Title of the table or article.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// Where it is (may be empty for an imported file).
    pub url: String,
    /// When it was retrieved (ISO date as text).
    pub retrieved: String,
    /// Licence or terms.
    pub licence: String,
    /// Free text.
    pub note: String,
}

impl Source {
    /// The publisher's name without what follows it ("National Bureau of Statistics of China
    /// (data.stats.gov.cn); figures from …" → "National Bureau of Statistics of China"), for
    /// source lines under maps and plots; the full text stays in tooltips and exports.
    pub fn short_publisher(&self) -> &str {
        let p = self.publisher.trim();
        let cut = [" (", ";", ", from", ", via", " via "]
            .iter()
            .filter_map(|sep| p.find(sep))
            .filter(|&i| i > 0)
            .min()
            .unwrap_or(p.len());
        let short = p[..cut].trim();
        if short.is_empty() {
            self.id.as_str()
        } else {
            short
        }
    }
}

/// Parses `sources.csv` (`id,title,publisher,url,retrieved,licence,note`); ids must be unique.
pub fn parse(text: &str, file: &Path) -> Result<Vec<Source>, TableError> {
    let mut rdr = reader(text);
    let cols = Columns::new(
        rdr.headers()
            .map_err(|e| TableError::file(file, e.to_string()))?,
    );
    let id = cols.require("id", file)?;
    let title = cols.require("title", file)?;
    let (publisher, url) = (cols.find(&["publisher"]), cols.find(&["url"]));
    let (retrieved, licence, note) = (
        cols.find(&["retrieved"]),
        cols.find(&["licence"]),
        cols.find(&["note"]),
    );
    let mut out: Vec<Source> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| TableError::file(file, e.to_string()))?;
        let line = line_of(&rec);
        let sid = field(&rec, Some(id));
        if sid.is_empty() {
            return Err(TableError::row(file, line, "empty source id"));
        }
        if out.iter().any(|s| s.id.0 == sid) {
            return Err(TableError::row(
                file,
                line,
                format!("source id \"{sid}\" appears twice"),
            ));
        }
        out.push(Source {
            id: SourceId(sid.to_string()),
            title: field(&rec, Some(title)).to_string(),
            publisher: field(&rec, publisher).to_string(),
            url: field(&rec, url).to_string(),
            retrieved: field(&rec, retrieved).to_string(),
            licence: field(&rec, licence).to_string(),
            note: field(&rec, note).to_string(),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(publisher: &str) -> Source {
        Source {
            id: SourceId("x-id".to_string()),
            title: String::new(),
            publisher: publisher.to_string(),
            url: String::new(),
            retrieved: String::new(),
            licence: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn a_short_publisher_is_the_name_before_the_details() {
        let nbs = "National Bureau of Statistics of China (data.stats.gov.cn); figures from China Customs (GACC)";
        assert_eq!(
            source(nbs).short_publisher(),
            "National Bureau of Statistics of China"
        );
        assert_eq!(
            source("Board of Governors of the Federal Reserve System (H.10/G.5A), via FRED")
                .short_publisher(),
            "Board of Governors of the Federal Reserve System"
        );
        assert_eq!(source("Daily NK").short_publisher(), "Daily NK");
        assert_eq!(source("").short_publisher(), "x-id");
    }
}
