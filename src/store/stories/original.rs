//! The original of a story: the copy another copy cites as its source, else the earliest
//! published, else the most complete (longest); remaining ties go to the smaller content
//! hash, so the choice never depends on the order the copies arrived in.

use super::signals::{same_name, Features};

/// The id of the original among a story's members.
pub fn choose_original(members: &[(i64, &Features)]) -> Option<i64> {
    let cited = members.iter().filter(|(id, m)| {
        members.iter().any(|(oid, o)| {
            oid != id
                && matches!((&o.meta.based_on, &m.meta.publisher),
                    (Some(s), Some(p)) if same_name(s, p))
        })
    });
    let key = |f: &Features| {
        (
            f.meta.published.clone().unwrap_or_else(|| "~".to_string()),
            std::cmp::Reverse(f.text_len),
            f.text_hash.clone(),
        )
    };
    if let Some((id, _)) = cited.min_by_key(|(_, m)| key(m)) {
        return Some(*id);
    }
    members
        .iter()
        .min_by_key(|(_, m)| key(m))
        .map(|(id, _)| *id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(publisher: &str, based_on: Option<&str>, published: Option<&str>, len: usize) -> Features {
        let mut x = Features::default();
        x.meta.publisher = Some(publisher.into());
        x.meta.based_on = based_on.map(Into::into);
        x.meta.published = published.map(Into::into);
        x.text_len = len;
        x.text_hash = publisher.into();
        x
    }

    #[test]
    fn cited_then_earliest_then_longest_in_any_order() {
        let a = f("CoinDesk", None, Some("2025-12-12"), 100);
        let b = f("Wordup", Some("CoinDesk"), Some("2025-12-11"), 200);
        let c = f("SKN", None, None, 300);
        let mut m = vec![(1, &a), (2, &b), (3, &c)];
        assert_eq!(choose_original(&m), Some(1));
        m.reverse();
        assert_eq!(choose_original(&m), Some(1));
        assert_eq!(choose_original(&[(2, &b), (3, &c)]), Some(2));
        let d = f("X", None, None, 400);
        assert_eq!(choose_original(&[(3, &c), (4, &d)]), Some(4));
    }
}
