//! "Did you mean …?": the closest known word to a misspelled one.
//!
//! An unresolved reference in a large repository is compared with every
//! id it has, so the distance is computed bit-parallel (Hyyrö's variant of
//! Myers' algorithm, one machine word per step) for ASCII words up to 64
//! characters, and with the textbook matrix otherwise.

/// Closest candidate by edit distance, for "did you mean …?" hints: at most
/// a third of the word's length away (two edits for short words), never
/// closer to nothing than to the word; ties go to the smaller candidate.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let chars: Vec<char> = word.chars().collect();
    let limit = (chars.len() / 3).max(2);
    let pattern = Pattern::new(word);
    let mut matrix = Matrix::default();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        // Nothing further than the best so far can win (ties go to the
        // smaller candidate, so the best distance itself still can).
        let bound = best.map_or(limit, |(d, _)| d.min(limit));
        let length = if candidate.is_ascii() { candidate.len() } else { candidate.chars().count() };
        // The distance is at least the difference in length.
        if length.abs_diff(chars.len()) > bound {
            continue;
        }
        let bound = bound.min(length.max(1) - 1);
        let distance = match &pattern {
            Some(pattern) if candidate.is_ascii() => pattern.distance(candidate.as_bytes()),
            _ => matrix.distance(&chars, candidate, bound),
        };
        if distance > bound {
            continue;
        }
        if best.is_none_or(|(d, c)| (distance, candidate) < (d, c)) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// "Did you mean" for a reference to an id: the known id that matches
/// ignoring case (`IOS` → `ios`), else the one whose display name does
/// (`iOS` → `ios`, from `name: iOS`), else the closest by spelling — unless
/// that is only a different number (`MOB-3` is not a typo of `MOB-1`; a
/// dropped leading zero or two swapped digits are). `known` is (id,
/// display name).
pub fn closest_id<'a>(word: &str, known: &[(&'a str, Option<&str>)]) -> Option<&'a str> {
    let folded = word.trim().to_lowercase();
    if let Some((id, _)) = known.iter().find(|(id, _)| folds_to(id, &folded)) {
        return Some(id);
    }
    if let Some((id, _)) = known.iter().find(|(_, name)| name.is_some_and(|n| folds_to(n.trim(), &folded))) {
        return Some(id);
    }
    let candidate = closest(word, known.iter().map(|(id, _)| *id))?;
    (!another_number(word, candidate)).then_some(candidate)
}

/// A reference's "did you mean" ([`closest_id`]) and whether it is the
/// one right answer (what `--fix` may apply): no other id matches the same
/// way, nor is as close by spelling. One search gives both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suggestion<'a> {
    pub id: &'a str,
    /// Whether it is the one right answer.
    pub unique: bool,
}

/// The [`Suggestion`] for a reference to `word`, if any.
pub fn suggest_id<'a>(word: &str, known: &[(&'a str, Option<&str>)]) -> Option<Suggestion<'a>> {
    let chosen = closest_id(word, known)?;
    let folded = word.trim().to_lowercase();
    let by_case = known.iter().filter(|(id, _)| folds_to(id, &folded)).count();
    let unique = if by_case > 0 {
        by_case == 1
    } else {
        match known.iter().filter(|(_, name)| name.is_some_and(|n| folds_to(n.trim(), &folded))).count() {
            0 => is_unambiguous(word, chosen, known.iter().map(|(id, _)| *id)),
            by_name => by_name == 1,
        }
    };
    Some(Suggestion { id: chosen, unique })
}

/// Whether `chosen` is strictly closer to `word` than every other
/// candidate: a "did you mean" with a single candidate, safe to apply.
pub fn is_unambiguous<'a>(word: &str, chosen: &str, candidates: impl IntoIterator<Item = &'a str>) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let pattern = Pattern::new(word);
    let mut matrix = Matrix::default();
    let mut distance = |candidate: &str, bound: usize| match &pattern {
        Some(pattern) if candidate.is_ascii() => pattern.distance(candidate.as_bytes()),
        _ => matrix.distance(&chars, candidate, bound),
    };
    let best = distance(chosen, usize::MAX - 1);
    candidates.into_iter().filter(|c| *c != chosen).all(|candidate| {
        // The distance is at least the difference in length.
        candidate.chars().count().abs_diff(chars.len()) > best || distance(candidate, best) > best
    })
}

/// Whether `text` in lower case is `folded`, which is in lower case:
/// `text.to_lowercase() == folded` without allocating for ASCII text, as
/// it is compared with every known id.
fn folds_to(text: &str, folded: &str) -> bool {
    if text.is_ascii() {
        text.len() == folded.len() && text.eq_ignore_ascii_case(folded)
    } else {
        text.to_lowercase() == folded
    }
}

/// Whether two ids are the same but for their numbers, and those are
/// different numbers (neither a dropped or added leading zero nor two
/// swapped digits).
fn another_number(a: &str, b: &str) -> bool {
    let skeleton = |s: &str| s.chars().filter(|c| !c.is_ascii_digit()).collect::<String>();
    if skeleton(a) != skeleton(b) {
        return false;
    }
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (x, y) = (digits(a), digits(b));
    if x.trim_start_matches('0') == y.trim_start_matches('0') {
        return false;
    }
    let swapped = x.len() == y.len() && {
        let differ: Vec<usize> =
            x.bytes().zip(y.bytes()).enumerate().filter(|(_, (p, q))| p != q).map(|(i, _)| i).collect();
        differ.len() == 2 && differ[1] == differ[0] + 1 && x.as_bytes()[differ[0]] == y.as_bytes()[differ[1]]
    };
    !swapped
}

/// An ASCII word of 1 to 64 characters, as bit masks: for each byte, the
/// positions where the word has it.
struct Pattern {
    masks: Box<[u64; 128]>,
    len: usize,
}

impl Pattern {
    fn new(word: &str) -> Option<Pattern> {
        if !word.is_ascii() || word.is_empty() || word.len() > 64 {
            return None;
        }
        let mut masks = Box::new([0u64; 128]);
        for (i, byte) in word.bytes().enumerate() {
            masks[usize::from(byte)] |= 1 << i;
        }
        Some(Pattern { masks, len: word.len() })
    }

    /// Optimal-string-alignment distance to an ASCII text (Hyyrö 2003,
    /// "A bit-vector algorithm for computing Levenshtein and Damerau edit
    /// distances"): one column of the matrix per text byte, as bit vectors.
    fn distance(&self, text: &[u8]) -> usize {
        let mut vp = !0u64;
        let mut vn = 0u64;
        let mut d0 = 0u64;
        let mut previous = 0u64;
        let mut distance = self.len;
        let last = 1u64 << (self.len - 1);
        for &byte in text {
            let pm = self.masks.get(usize::from(byte)).copied().unwrap_or(0);
            let transposed = ((!d0 & pm) << 1) & previous;
            d0 = (((pm & vp).wrapping_add(vp)) ^ vp) | pm | vn | transposed;
            let mut hp = vn | !(d0 | vp);
            let mut hn = d0 & vp;
            if hp & last != 0 {
                distance += 1;
            }
            if hn & last != 0 {
                distance -= 1;
            }
            hp = (hp << 1) | 1;
            hn <<= 1;
            vp = hn | !(d0 | hp);
            vn = hp & d0;
            previous = pm;
        }
        distance
    }
}

/// The dynamic-programming distance, for words the bit vectors cannot
/// hold; its rows are reused across candidates.
#[derive(Default)]
struct Matrix {
    other: Vec<char>,
    rows: [Vec<usize>; 3],
}

impl Matrix {
    /// Edit distance counting a swap of two neighbours as one edit (optimal
    /// string alignment: `P-0102` is one edit from `P-0012`); any value over
    /// `bound` once it must exceed it.
    fn distance(&mut self, a: &[char], other: &str, bound: usize) -> usize {
        self.other.clear();
        self.other.extend(other.chars());
        let b = &self.other;
        let [before, previous, current] = &mut self.rows;
        for row in [&mut *before, &mut *previous, &mut *current] {
            row.clear();
            row.resize(b.len() + 1, 0);
        }
        previous.iter_mut().enumerate().for_each(|(j, cell)| *cell = j);
        for i in 1..=a.len() {
            current[0] = i;
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(before[j - 2] + 1);
                }
                current[j] = best;
            }
            // Every later row is at least this row's minimum.
            if current.iter().min().is_some_and(|&m| m > bound) {
                return bound + 1;
            }
            std::mem::swap(before, previous);
            std::mem::swap(previous, current);
        }
        previous[b.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn closest_suggests_near_misses_only() {
        assert_eq!(closest("ownres", ["owners", "title", "status"]), Some("owners"));
        assert_eq!(closest("P-0102", ["P-0012", "P-0001"]), Some("P-0012"));
        assert_eq!(closest("zzzzzz", ["owners", "title"]), None);
        assert_eq!(closest("ab", ["b"]), None, "one edit from a one-letter id is no suggestion");
        assert_eq!(closest("P-0042", ["P-0043", "P-0041"]), Some("P-0041"), "ties go to the smaller candidate");
        assert_eq!(closest("équipe", ["equipe", "team"]), Some("equipe"), "non-ASCII words use the matrix");
    }

    #[test]
    fn folding_is_to_lowercase_without_its_allocation() {
        for (text, word) in [("iOS", "ios"), ("IOS", "ios"), ("ios", "io"), ("\u{212A}EY", "key"), ("ÉQUIPE", "équipe")]
        {
            assert_eq!(folds_to(text, word), text.to_lowercase() == word, "{text} against {word}");
        }
        assert!(folds_to("\u{212A}EY", "key"), "the Kelvin sign folds to an ASCII k");
        assert!(!folds_to("KEY", "\u{212A}ey"), "ASCII never folds to what is not ASCII");
    }

    #[test]
    fn ids_match_ignoring_case_and_by_name_but_not_by_number() {
        let known = [("ios", Some("iOS")), ("MOB-1", None), ("P-0017", None), ("field-apps", Some("Field Apps"))];
        assert_eq!(closest_id("iOS", &known), Some("ios"));
        assert_eq!(closest_id("IOS", &known), Some("ios"));
        assert_eq!(closest_id("Field Apps", &known), Some("field-apps"));
        assert_eq!(closest_id("MOB-3", &known), None);
        assert_eq!(closest_id("P-017", &known), Some("P-0017"));
        assert_eq!(closest_id("P-0071", &known), Some("P-0017"));
        assert_eq!(closest_id("feild-apps", &known), Some("field-apps"));
    }

    #[test]
    fn unique_suggestions_have_no_rival() {
        assert!(is_unambiguous("telemetery", "telemetry", ["telemetry", "title", "status"]));
        assert!(!is_unambiguous("P-0042", "P-0041", ["P-0043", "P-0041"]));
        let known = [("ana", None), ("ann", None), ("ben", Some("Ben")), ("BEN", None)];
        let suggestion = |id, unique| Some(Suggestion { id, unique });
        assert_eq!(suggest_id("anb", &known), suggestion("ana", false), "ana and ann are both one edit away");
        assert_eq!(suggest_id("Ben", &known), suggestion("ben", false), "two ids match ignoring case");
        assert_eq!(suggest_id("bne", &[("ben", None), ("ana", None)]), suggestion("ben", true));
    }

    #[test]
    fn bit_vectors_count_swaps_as_one_edit() {
        let pattern = Pattern::new("P-0102").expect("ASCII");
        assert_eq!(pattern.distance(b"P-0012"), 1);
        assert_eq!(pattern.distance(b"P-0102"), 0);
        assert_eq!(pattern.distance(b""), 6);
        assert_eq!(pattern.distance(b"P-01023"), 1);
    }

    proptest! {
        /// The bit-parallel distance is the matrix's, on words of a small
        /// alphabet (so that swaps and repeats are common).
        #[test]
        fn bit_vectors_agree_with_the_matrix(a in "[ab0-]{1,12}", b in "[ab0-]{0,12}") {
            let pattern = Pattern::new(&a).expect("ASCII");
            let chars: Vec<char> = a.chars().collect();
            let exact = Matrix::default().distance(&chars, &b, usize::MAX - 1);
            prop_assert_eq!(pattern.distance(b.as_bytes()), exact);
        }

        /// Up to the 64 characters a machine word holds.
        #[test]
        fn long_words_agree_with_the_matrix(a in "[ab]{50,64}", b in "[ab]{40,70}") {
            let pattern = Pattern::new(&a).expect("ASCII");
            let chars: Vec<char> = a.chars().collect();
            let exact = Matrix::default().distance(&chars, &b, usize::MAX - 1);
            prop_assert_eq!(pattern.distance(b.as_bytes()), exact);
        }
    }
}
