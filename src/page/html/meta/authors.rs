//! Author names: splitting bylines ("By X and Y", "X | Edited by Y", "Authors: X, Y") and
//! cleaning each name of job titles ("X Senior Tech Reporter", "X (Editor"), credentials
//! ("PhD", "RN"), reading times, "Email the author", URLs, handles, form labels ("Your
//! Name"), comment "X says" and editors' credits; and choosing the article's authors among
//! the candidates, leaving out the ones that are the site or publisher, not a person.

use once_cell::sync::Lazy;
use regex::Regex;

use super::title;
use crate::page::{MetaCandidate, MetaOrigin};

static JUNK_AUTHOR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)^(by|and|von|por|par|di|door|staff|admin|administrator|editor|editors|author|authors|reporter|contributor|guest|anonymous|unknown|none|null|more|follow|email|share)$|(?i)\b(senior|staff|chief|deputy|managing|contributing|associate|executive)\s+(reporter|writer|editor|correspondent|analyst)\b|(?i)\bmin(ute)?s?\s+read\b|(?i)\bemail\s+the\s+author\b|(?i)\b(updated|published|posted)\b|https?://|www\.|@|\d",
    )
    .expect("static regex")
});

static BY_PREFIX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:(?:written|article|authored|recipe|story|words|text|posted|reporting)\s+)?(?:by|von|por|par|door|di)\s*:?\s+|authors?\s*:?\s+)")
        .expect("static regex")
});

/// Labels, buttons, sort orders ("by Newest") and form fields that sit where names do.
static NOT_A_NAME: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(written|posted|authored|article|recipe)\s+by$|^(your\s+)?name\b|^(sign|log)\s*(in|up|out)$|^home$|^(view|read|see)\s+(more|all)\b|^(about|follow|from)\s+the\s+author|^authors?\s+of\b|^(visit|from)\s+the\b|^(paperback|hardcover|kindle\b.*|audiobook|ebook)$|^authori[sz]|^authoring\b|\bsays$|^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$|^(the\s+)?team$|^webmaster$|^(site\s+)?editorial$|^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$|^(new|newest|oldest|latest|advanced|search|words|popular|relevance|date|votes|activity|title|rating|price)$")
        .expect("static regex")
});

/// Links about the author rather than the author ("Email the author", "More from the author").
static ABOUT_AUTHOR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(email|contact|about|follow|more\s+from|from|message)\s+(the\s+)?authors?\b")
        .expect("static regex")
});

/// Credentials after a name ("Jane Doe, PhD").
static CREDENTIAL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:[A-Z]{2,6}|[A-Z]\.(?:[A-Z]\.)+|Ph\.?D\.?|Ed\.?D\.?|Dr\.?P\.?H\.?|[A-Z]-[A-Z]{2,4}(?:\s+\d+)?|Jr\.?|Sr\.?)$")
        .expect("static regex")
});

/// Job-title words: a name followed by one of these ends before it.
pub static ROLE_WORD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(editor|editors|reporter|writer|correspondent|contributor|columnist|analyst|expert|manager|director|producer|journalist|author|founder|ceo|gardener|astrologer|veterinarian|consultant|specialist|strategist|researcher|scientist|intern|photographer|designer|developer|engineer|host|anchor|critic|blogger|chef|coach|nutritionist|dietitian|physician|nurse|professor|lawyer|attorney|partner|president|lead|head)s?$")
        .expect("static regex")
});

/// Words that qualify a job title ("Senior", "Tech").
static ROLE_MODIFIER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(senior|sr\.?|junior|staff|chief|deputy|managing|contributing|associate|executive|assistant|guest|freelance|special|digital|tech|technology|science|math|business|sports|politics|political|health|crypto|markets?|finance|financial|news|opinion|features?|data|social|media|content|editorial|home|security|legal|investigative|national|international|foreign|world|local|senior-level)$")
        .expect("static regex")
});

static EDITOR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\s*(edited|reviewed|fact[- ]checked|produced|translated|illustrated|photos?|additional reporting)\b")
        .expect("static regex")
});

static SPLIT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\s*(?:,|&|\band\b|\bund\b|\by\b|\bet\b|;|\|)\s*").expect("static regex")
});

/// Splits and cleans one author value (a byline or a meta value) into names.
pub fn authors(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    // "By X | Edited by Y": keep the parts that are not editor credits.
    for part in raw.split(['|', '\n', '•', '·']) {
        let part = part.trim();
        if part.is_empty() || EDITOR.is_match(part) {
            continue;
        }
        let part = BY_PREFIX.replace(part, "");
        // A role after a dash or comma: "Jane Doe - Senior Reporter".
        let part = part
            .split(" - ")
            .next()
            .unwrap_or("")
            .split(" – ")
            .next()
            .unwrap_or("");
        for name in SPLIT.split(part) {
            let name = name
                .trim()
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'');
            let name = BY_PREFIX.replace(name, "");
            if ABOUT_AUTHOR.is_match(&name) {
                continue;
            }
            let name = without_role(name.trim());
            let name = name.as_str();
            if valid_name(name) && !out.iter().any(|n: &String| n.eq_ignore_ascii_case(name)) {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// The name without a job title after it: "Jane Doe Senior Tech Reporter" -> "Jane Doe",
/// "Jane Doe (Content Manager" -> "Jane Doe".
fn without_role(name: &str) -> String {
    let name = name.split(" (").next().unwrap_or(name).trim();
    let mut words: Vec<&str> = name.split_whitespace().collect();
    // A name written twice (an image's alt text and the link): "Ana Ruiz Ana Ruiz".
    let half = words.len() / 2;
    if half > 0 && words.len() % 2 == 0 && words[..half] == words[half..] {
        words.truncate(half);
    }
    // Credentials after the name without a comma: "Jane Doe RN".
    while words.len() > 2 && words.last().is_some_and(|w| CREDENTIAL.is_match(w)) {
        words.pop();
    }
    let name = words.join(" ");
    let Some(r) = words
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, w)| ROLE_WORD.is_match(w))
        .map(|(i, _)| i)
    else {
        return name;
    };
    let mut keep = &words[..r];
    while keep.last().is_some_and(|w| ROLE_MODIFIER.is_match(w)) {
        keep = &keep[..keep.len() - 1];
    }
    // One word before a job title is the title's topic ("Security Expert"), not a name.
    if keep.len() < 2 {
        return String::new();
    }
    keep.join(" ")
}

fn valid_name(name: &str) -> bool {
    let words = name.split_whitespace().count();
    (1..=5).contains(&words)
        && name.chars().count() >= 3
        && name.chars().any(char::is_alphabetic)
        && !JUNK_AUTHOR.is_match(name)
        && !NOT_A_NAME.is_match(name)
        && !CREDENTIAL.is_match(name)
        && !(words == 1 && ROLE_WORD.is_match(name))
        && name.chars().next().is_some_and(|c| !c.is_lowercase())
}

/// Words that make a name an organisation's.
static ORG_WORD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(the|news|inc\.?|llc|ltd\.?|co\.?|corp\.?|company|team|staff|magazine|journal|times|post|daily|weekly|media|group|online|clinic|hospital|university|college|school|institute|foundation|association|society|coalition|council|agency|services?|store|shop|labs?|studios?|press|network|tv|radio|blog|digest|review|today|official|editorial|desk|hq|gmbh|ag|sa|plc)$")
        .expect("static regex")
});

/// Whether a name reads as a person's: two to four capitalised words, none of them an
/// organisation's, not all in capitals.
fn person_like(value: &str) -> bool {
    let words: Vec<&str> = value.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) && !ORG_WORD.is_match(w))
        && value.chars().any(char::is_lowercase)
}

/// Whether an "author" is the site: one of its `names` (publisher, `og:site_name`) or a word
/// of its `domain`, alone or with a short tail ("Acme Inc", "AcmeNews", "acme.com"). A
/// person's name stays when it only matches the domain ("Jane Roe" on janeroe.example), or
/// when JSON-LD (where organisations are typed and already left out) or a visible byline
/// gives it: a blogger's site is often named after them. A meta `author` that is the site's
/// name is the site.
fn is_site(c: &MetaCandidate, names: &[String], domain: &[String]) -> bool {
    let n = title::norm(&c.value);
    let near = |w: &String| {
        n == *w || (w.len() >= 4 && n.starts_with(w.as_str()) && n.len() <= w.len() + 6)
    };
    let person = person_like(&c.value);
    !n.is_empty()
        && ((names.iter().any(near) && !(person && visible_or_ld(c.origin)))
            || (domain.iter().any(near) && !person))
}

fn visible_or_ld(o: MetaOrigin) -> bool {
    matches!(
        o,
        MetaOrigin::JsonLd | MetaOrigin::Byline | MetaOrigin::TextHeader
    )
}

/// The name without a trailing site name: "Jane Roe Acme Times" -> "Jane Roe".
fn without_site(value: &str, names: &[String]) -> String {
    let words: Vec<&str> = value.split_whitespace().collect();
    for cut in 1..words.len() {
        let tail = title::norm(&words[cut..].join(" "));
        if names.contains(&tail) {
            return words[..cut].join(" ");
        }
    }
    value.to_string()
}

/// The article's authors: the candidates of the most trusted origin that has any, once the
/// ones naming the site or publisher (an organisation, not a person) are left out.
pub fn choose(items: &[MetaCandidate], names: &[String], domain: &[String]) -> Vec<String> {
    let mut people: Vec<(MetaOrigin, String)> = items
        .iter()
        .filter(|c| c.field == "author" && !is_site(c, names, domain))
        .map(|c| (c.origin, without_site(&c.value, names)))
        .collect();
    // A person-like name that is exactly the site's name (a blogger) counts only when no
    // one else is named.
    let named_as_site = |v: &str| names.contains(&title::norm(v));
    if people.iter().any(|(_, v)| !named_as_site(v)) {
        people.retain(|(_, v)| !named_as_site(v));
    }
    let Some(best) = people.iter().map(|c| c.0).min() else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for (_, v) in people.iter().filter(|c| c.0 == best) {
        if !out.iter().any(|n| n.eq_ignore_ascii_case(v)) {
            out.push(v.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_keep_authors_and_drop_editors_and_junk() {
        assert_eq!(
            authors("By James Van Straten | Edited by Sheldon Reback"),
            vec!["James Van Straten"]
        );
        assert_eq!(
            authors("By Jane Doe and John Roe"),
            vec!["Jane Doe", "John Roe"]
        );
        assert!(authors("Senior Reporter").is_empty());
        assert!(authors("3 min read").is_empty());
        assert!(authors("https://example.com/author/x").is_empty());
        assert_eq!(authors("Email the author\nJane Doe"), vec!["Jane Doe"]);
    }

    #[test]
    fn roles_credentials_labels_and_prefixes_leave_names() {
        assert_eq!(
            authors("Dana Kline Senior Tech Reporter"),
            vec!["Dana Kline"]
        );
        assert_eq!(authors("Dana Kline Math Editor"), vec!["Dana Kline"]);
        assert_eq!(
            authors("Omar Haddad (Content Manager)"),
            vec!["Omar Haddad"]
        );
        assert_eq!(authors("Omar Haddad, PhD, RN"), vec!["Omar Haddad"]);
        assert_eq!(authors("Omar Haddad RN"), vec!["Omar Haddad"]);
        assert_eq!(authors("Omar Haddad Omar Haddad"), vec!["Omar Haddad"]);
        assert!(authors("Home-Security Expert").is_empty());
        assert!(authors("Newest").is_empty());
        assert!(authors("Authoring guides").is_empty());
        assert_eq!(authors("Article by: Omar Haddad"), vec!["Omar Haddad"]);
        assert_eq!(
            authors("Authors: Li Wei, Sara Obi"),
            vec!["Li Wei", "Sara Obi"]
        );
        assert_eq!(
            authors("Omar Haddad | Gardener | Astrologer"),
            vec!["Omar Haddad"]
        );
        assert!(authors("Written By").is_empty());
        assert!(authors("Your Name").is_empty());
        assert!(authors("Name (required)").is_empty());
        assert!(authors("Pat says").is_empty());
        assert!(authors("Sign In").is_empty());
        assert!(authors("@handle").is_empty());
        assert_eq!(authors("By Li Wei, Dec 4, 2026"), vec!["Li Wei"]);
    }

    fn cand(value: &str, origin: MetaOrigin) -> MetaCandidate {
        MetaCandidate {
            field: "author".into(),
            value: value.into(),
            origin,
        }
    }

    #[test]
    fn the_site_as_author_is_not_a_person_but_a_blogger_is() {
        let names = vec![title::norm("Harbor Daily"), title::norm("Jo March")];
        let domain = title::site_words(&[], Some("https://www.harbordaily.example/a"));
        let items = vec![
            cand("Harbor Daily", MetaOrigin::JsonLd),
            cand("HarborDailyNews", MetaOrigin::MetaTag),
            cand("Ana Ruiz Harbor Daily", MetaOrigin::Byline),
        ];
        assert_eq!(choose(&items, &names, &domain), vec!["Ana Ruiz"]);
        // The publisher is the blogger: the name stays.
        let items = vec![cand("Jo March", MetaOrigin::JsonLd)];
        assert_eq!(choose(&items, &names, &domain), vec!["Jo March"]);
        // ... unless someone else is named.
        let items = vec![
            cand("Jo March", MetaOrigin::JsonLd),
            cand("Ana Ruiz", MetaOrigin::Byline),
        ];
        assert_eq!(choose(&items, &names, &domain), vec!["Ana Ruiz"]);
        let items = vec![cand("Harbor Daily Team", MetaOrigin::JsonLd)];
        assert!(choose(&items, &names, &domain).is_empty());
    }
}
