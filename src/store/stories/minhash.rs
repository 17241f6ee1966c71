//! Text sketches for the dedup: normalised words, word 5-shingles hashed to `u32` (a stable
//! hash, so stored sketches stay valid across builds), MinHash signatures, LSH band buckets,
//! exact Jaccard and containment over sorted shingle sets, and the weighted content-word
//! vector that the event level compares.

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// MinHash values per signature of the whole text.
pub const MINHASH_LEN: usize = 60;
/// Rows per LSH band of the whole-text signature: 20 bands of 3 rows. A pair with
/// Jaccard J shares a bucket with probability 1 - (1 - J^3)^20: 0.42 at J = 0.3, 0.92 at
/// J = 0.5, 0.99 at J = 0.6 (the S-curve's midpoint is at about J = 0.37).
pub const BAND_ROWS: usize = 3;
/// Words of the lede (start of the text) sketched on their own, so that a copy truncated to
/// its lede finds its original although their whole-text Jaccard is small.
pub const LEDE_WORDS: usize = 60;
/// MinHash values of the lede signature: 6 bands of 2 rows (midpoint about J = 0.41).
pub const LEDE_MINHASH_LEN: usize = 12;
/// Rows per band of the lede signature.
pub const LEDE_BAND_ROWS: usize = 2;

/// Lower-cased runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// FNV-1a, 64 bits: stable across builds and platforms.
pub fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// SplitMix64 finaliser: a cheap, well-mixed permutation of 64-bit values.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The sorted, de-duplicated hashes of the word 5-shingles of `words`.
pub fn shingles(words: &[String]) -> Vec<u32> {
    let mut out: Vec<u32> = words
        .windows(SHINGLE_WORDS)
        .map(|w| {
            let mut h = 0u64;
            for word in w {
                h = mix(h ^ fnv(word.as_bytes()));
            }
            h as u32
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// MinHash signature of `len` values over a shingle set (all `u32::MAX` when empty).
pub fn minhash(shingles: &[u32], len: usize) -> Vec<u32> {
    let mut sig = vec![u32::MAX; len];
    for &s in shingles {
        for (i, slot) in sig.iter_mut().enumerate() {
            let h = (mix(u64::from(s) ^ mix(i as u64 + 1)) >> 32) as u32;
            if h < *slot {
                *slot = h;
            }
        }
    }
    sig
}

/// The LSH bucket keys of a signature: one per band of `rows` values, tagged by `space` and
/// the band's number so that bands never collide with each other. Empty for an empty text.
pub fn bands(sig: &[u32], rows: usize, space: u8) -> Vec<i64> {
    if sig.iter().all(|&v| v == u32::MAX) {
        return Vec::new();
    }
    sig.chunks(rows)
        .enumerate()
        .map(|(band, values)| {
            let mut h = mix(u64::from(space) << 32 | band as u64);
            for v in values {
                h = mix(h ^ u64::from(*v));
            }
            h as i64
        })
        .collect()
}

/// Size of the intersection of two sorted, de-duplicated sets.
pub fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// |A ∩ B| / |A ∪ B| over sorted sets; 0 when both are empty.
pub fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let inter = intersection(a, b);
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// |A ∩ B| / min(|A|, |B|) over sorted sets: 1.0 when one text is contained in the other.
pub fn containment(a: &[u32], b: &[u32]) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        0.0
    } else {
        intersection(a, b) as f64 / smaller as f64
    }
}

/// Share of equal values in two signatures: an estimate of the Jaccard of their sets.
pub fn estimate(a: &[u32], b: &[u32]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / n as f64
}

/// Function words left out of the content-word vector.
pub const STOP: &[&str] = &[
    "the", "and", "for", "with", "from", "are", "was", "were", "been", "has", "have", "had", "its",
    "this", "that", "these", "those", "she", "they", "you", "his", "her", "their", "our", "not",
    "but", "will", "would", "can", "could", "said", "says", "say", "after", "before", "over",
    "about", "into", "than", "more", "most", "also", "which", "who", "whom", "what", "when",
    "where", "while", "out", "new", "one", "two", "all", "any", "there", "here", "him", "them",
    "then", "just", "very", "being", "did", "does", "such", "other", "some", "only",
];

/// Whether a normalised word ([`words`]) is a content word: three letters or more, not a
/// function word.
pub fn is_content_word(w: &str) -> bool {
    w.chars().count() >= 3 && !STOP.contains(&w)
}

/// Content words ([`is_content_word`]) hashed, weighted 1 + ln(tf) and scaled to unit
/// length; sorted by hash.
pub fn term_vector(words: &[String]) -> Vec<(u32, f32)> {
    log_tf_vector(
        words
            .iter()
            .map(String::as_str)
            .filter(|w| is_content_word(w)),
    )
}

/// Keys hashed, each weighted 1 + ln(its count), scaled to unit length; sorted by hash.
pub fn log_tf_vector<'a>(keys: impl IntoIterator<Item = &'a str>) -> Vec<(u32, f32)> {
    let mut counts: std::collections::BTreeMap<u32, f32> = std::collections::BTreeMap::new();
    for k in keys {
        *counts.entry(fnv(k.as_bytes()) as u32).or_insert(0.0) += 1.0;
    }
    let mut v: Vec<(u32, f32)> = counts.into_iter().map(|(k, n)| (k, 1.0 + n.ln())).collect();
    let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, x) in &mut v {
            *x /= norm;
        }
    }
    v
}

/// Cosine of two unit-length sparse vectors sorted by key.
pub fn sparse_cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0f64);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += f64::from(a[i].1) * f64::from(b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// Cosine of two dense vectors; 0 when either is zero or their lengths differ.
pub fn cosine(a: &[f32], b: &[f32]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let dot: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum();
    let na: f64 = a.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_texts_share_buckets_and_estimates_track_jaccard() {
        let a = words("Bitcoin rose 4% to $92,400 on Thursday as the Russell 2000 printed a record high and traders bet on a rate cut next week while gold slipped");
        let mut b = a.clone();
        b.push("today".into());
        let (sa, sb) = (shingles(&a), shingles(&b));
        let j = jaccard(&sa, &sb);
        assert!(j > 0.9, "{j}");
        let (ma, mb) = (minhash(&sa, MINHASH_LEN), minhash(&sb, MINHASH_LEN));
        assert!((estimate(&ma, &mb) - j).abs() < 0.2);
        let (ba, bb) = (bands(&ma, BAND_ROWS, 0), bands(&mb, BAND_ROWS, 0));
        assert!(ba.iter().any(|x| bb.contains(x)));
        assert_eq!(containment(&sa, &sb), 1.0);
        assert!(bands(&minhash(&[], 6), 2, 0).is_empty());
    }
}
