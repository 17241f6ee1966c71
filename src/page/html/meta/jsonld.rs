//! JSON-LD metadata: article objects (`NewsArticle`, `Article`, `BlogPosting`, ...) found at
//! the top level, in arrays, in `@graph` or under `mainEntity`, and the publishing
//! organisation as a fallback publisher. Authors given as `{"@id": ...}` are looked up among
//! the page's objects (a `Person` in `@graph`); authors typed `Organization` are not people
//! and are left out.

use serde_json::Value;

use super::Sink;
use crate::page::MetaOrigin;

pub(crate) const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "liveblogposting",
    "techarticle",
    "scholarlyarticle",
    "report",
    "socialmediaposting",
    "posting",
];

fn types(v: &Value) -> Vec<String> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

fn is_article(v: &Value) -> bool {
    types(v).iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()))
}

/// Flattens arrays, `@graph` and `mainEntity` into a list of objects.
pub(crate) fn objects<'a>(v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| objects(x, out, depth + 1)),
        Value::Object(m) => {
            out.push(v);
            if let Some(g) = m.get("@graph") {
                objects(g, out, depth + 1);
            }
            if let Some(e) = m.get("mainEntity") {
                objects(e, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// A plain string from a string, a number, an object's `name`/`@id`/`url`, or the first of
/// an array.
fn names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| names(x, out)),
        Value::Object(m) => {
            if let Some(n) = m.get("name") {
                names(n, out);
            } else if let Some(u) = m.get("url").or_else(|| m.get("@id")) {
                names(u, out);
            }
        }
        _ => {}
    }
}

/// The names of the people in an `author` value, resolving `@id` references among `objs`
/// and leaving out organisations.
fn people(v: &Value, objs: &[&Value]) -> Vec<String> {
    let list: Vec<&Value> = match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::new();
    for item in list {
        let item = match (item.get("name"), item.get("@id").and_then(Value::as_str)) {
            (None, Some(id)) => objs
                .iter()
                .copied()
                .find(|o| {
                    o.get("@id").and_then(Value::as_str) == Some(id) && o.get("name").is_some()
                })
                .unwrap_or(item),
            _ => item,
        };
        let org = types(item)
            .iter()
            .any(|t| t.contains("organization") || t == "corporation" || t == "website");
        if !org {
            names(item, &mut out);
        }
    }
    out
}

fn first(v: Option<&Value>) -> Option<String> {
    let mut out = Vec::new();
    names(v?, &mut out);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
}

/// Parses a JSON-LD script body; tolerates HTML comment and CDATA wrappers.
fn parse(raw: &str) -> Option<Value> {
    let t = raw
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim()
        .trim_start_matches("//<![CDATA[")
        .trim_end_matches("//]]>")
        .trim();
    serde_json::from_str(t).ok().or_else(|| {
        // Control characters inside strings are a common publisher error.
        let cleaned: String = t
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&cleaned).ok()
    })
}

/// The page's JSON-LD blocks that parse, parsed once for the metadata and the page kind.
pub(crate) fn values(scripts: &[String]) -> Vec<Value> {
    scripts.iter().filter_map(|s| parse(s)).collect()
}

/// Adds candidates from the page's parsed JSON-LD blocks ([`values`]).
pub fn collect(values: &[Value], sink: &mut Sink) {
    let mut objs = Vec::new();
    for v in values {
        objects(v, &mut objs, 0);
    }
    let o = MetaOrigin::JsonLd;
    for a in objs.iter().filter(|v| is_article(v)) {
        if let Some(h) = first(a.get("headline")).or_else(|| first(a.get("name"))) {
            sink.add("title", &h, o);
        }
        if let Some(d) = first(a.get("alternativeHeadline")).or_else(|| first(a.get("description")))
        {
            sink.add("subtitle", &d, o);
        }
        if let Some(au) = a.get("author").or_else(|| a.get("creator")) {
            for name in people(au, &objs) {
                sink.add("author", &name, o);
            }
        }
        if let Some(p) = first(a.get("publisher")).or_else(|| first(a.get("sourceOrganization"))) {
            sink.add("publisher", &p, o);
        }
        for (key, field) in [
            ("datePublished", "published"),
            ("dateCreated", "published"),
            ("dateModified", "modified"),
            ("inLanguage", "language"),
            ("articleSection", "section"),
            ("isBasedOn", "based_on"),
            ("isBasedOnUrl", "based_on"),
        ] {
            if let Some(v) = first(a.get(key)) {
                sink.add(field, &v, o);
            }
        }
        if let Some(u) = first(a.get("mainEntityOfPage")).or_else(|| first(a.get("url"))) {
            if u.starts_with("http") {
                sink.add("canonical_url", &u, o);
            }
        }
        match a.get("keywords") {
            Some(Value::String(s)) => s.split(',').for_each(|k| sink.add("tag", k, o)),
            Some(Value::Array(arr)) => arr
                .iter()
                .filter_map(Value::as_str)
                .for_each(|k| sink.add("tag", k, o)),
            _ => {}
        }
        match a.get("isAccessibleForFree") {
            Some(Value::Bool(b)) => sink.add("accessible_for_free", &b.to_string(), o),
            Some(Value::String(s)) => sink.add("accessible_for_free", &s.to_ascii_lowercase(), o),
            _ => {}
        }
    }
    // The site's own organisation, when no article names a publisher.
    for v in objs.iter().filter(|v| {
        let t = types(v);
        t.iter()
            .any(|t| t == "organization" || t == "newsmediaorganization" || t == "website")
    }) {
        if let Some(n) = first(v.get("name")) {
            sink.add("site_name", &n, o);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_people_by_id_are_authors_and_organisations_are_not() {
        let ld = r##"{"@context":"https://schema.org","@graph":[
            {"@type":"BlogPosting","headline":"Bread at home",
             "author":[{"@id":"https://bakery.example/#/person/1"},
                       {"@type":"Organization","name":"Bakery Weekly"}]},
            {"@type":"Person","@id":"https://bakery.example/#/person/1","name":"Ana Ruiz"}]}"##;
        let mut sink = Sink::default();
        collect(&values(&[ld.to_string()]), &mut sink);
        let authors: Vec<&str> = sink
            .items
            .iter()
            .filter(|c| c.field == "author")
            .map(|c| c.value.as_str())
            .collect();
        assert_eq!(authors, vec!["Ana Ruiz"]);
    }
}
