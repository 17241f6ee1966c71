//! Sentences of an article with their character offsets, as the rating reads them: the
//! headline first, then the main text, each marked with where it stands.

/// A sentence of the headline or main text.
#[derive(Debug, Clone)]
pub struct Sentence<'a> {
    pub text: &'a str,
    /// Character offsets into the main text (into the title for the headline).
    pub start: usize,
    pub end: usize,
    pub in_headline: bool,
    /// Index of the paragraph it belongs to (0 = the lede); `usize::MAX` for the headline.
    pub paragraph: usize,
}

/// Splits headline and main text into sentences.
pub fn sentences<'a>(title: Option<&'a str>, text: &'a str) -> Vec<Sentence<'a>> {
    let mut out = Vec::new();
    if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
        out.push(Sentence {
            text: t.trim(),
            start: 0,
            end: t.chars().count(),
            in_headline: true,
            paragraph: usize::MAX,
        });
    }
    let mut paragraph = 0;
    let mut sentence_start: Option<(usize, usize)> = None; // (byte, char)
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut blank_run = 0;
    for (ci, &(bi, c)) in chars.iter().enumerate() {
        if c == '\n' {
            blank_run += 1;
        } else if !c.is_whitespace() {
            if blank_run >= 2 {
                paragraph += 1;
            }
            blank_run = 0;
        }
        if sentence_start.is_none() && !c.is_whitespace() {
            sentence_start = Some((bi, ci));
        }
        let next = chars.get(ci + 1).map(|&(_, n)| n);
        let ends = match c {
            '.' | '!' | '?' => next.is_none_or(char::is_whitespace) && !abbreviation(text, bi),
            '\n' => next == Some('\n') || next.is_none(),
            _ => next.is_none(),
        };
        if ends {
            if let Some((sb, sc)) = sentence_start.take() {
                let eb = bi + c.len_utf8();
                let s = text[sb..eb].trim_end();
                if !s.is_empty() {
                    out.push(Sentence {
                        text: s,
                        start: sc,
                        end: sc + s.chars().count(),
                        in_headline: false,
                        paragraph,
                    });
                }
            }
        }
    }
    out
}

/// Whether the period at byte `i` ends an abbreviation ("Nov.", "U.S.", "Mr.") rather than
/// a sentence.
fn abbreviation(text: &str, i: usize) -> bool {
    let before = &text[..i];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    const ABBR: &[&str] = &[
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mr",
        "Mrs", "Ms", "Dr", "St", "vs", "Inc", "Corp", "Co", "Ltd", "No", "approx", "e.g", "i.e",
    ];
    ABBR.contains(&word)
        || (word.len() <= 3 && word.contains('.'))
        || (word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase()))
}
