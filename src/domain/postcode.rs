//! UK postcodes (section 12 monitoring asks for the postcode): shape check and
//! normal form, without a regular expression.
//!
//! A postcode is an outward code of 2 to 4 characters in one of the shapes
//! `A9`, `A99`, `A9A`, `AA9`, `AA99`, `AA9A` (A a letter, 9 a digit), an optional
//! space, and an inward code `9AA`. The normal form is upper case with one space.

/// The outward-code shapes, `A` for a letter and `9` for a digit.
const OUTWARD_SHAPES: [&str; 6] = ["A9", "A99", "A9A", "AA9", "AA99", "AA9A"];

fn shape(s: &str) -> Option<String> {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                Some('A')
            } else if c.is_ascii_digit() {
                Some('9')
            } else {
                None
            }
        })
        .collect()
}

/// Check a UK postcode and return it upper case with one space before the inward
/// code (`"hf1 4qt"` and `"HF14QT"` both give `"HF1 4QT"`).
pub fn normalise_postcode(input: &str) -> Result<String, String> {
    let trimmed = input.trim();
    let parts: Vec<&str> = trimmed.split_whitespace().collect();
    let joined: String = match parts.len() {
        1 | 2 => parts.concat(),
        _ => {
            return Err(format!(
                "'{trimmed}' is not a UK postcode (expected e.g. HF1 4QT)"
            ))
        }
    };
    let upper = joined.to_ascii_uppercase();
    let bad = || {
        format!("'{trimmed}' is not a UK postcode: expected an outward code like HF1, HF12, H1A or HF1A, then an inward code like 4QT")
    };
    if !upper.is_ascii() || !(5..=7).contains(&upper.len()) {
        return Err(bad());
    }
    let (outward, inward) = upper.split_at(upper.len() - 3);
    if parts.len() == 2 && parts[0].len() != outward.len() {
        // The space was somewhere other than before the inward code.
        return Err(bad());
    }
    if shape(inward).as_deref() != Some("9AA") {
        return Err(bad());
    }
    match shape(outward) {
        Some(s) if OUTWARD_SHAPES.contains(&s.as_str()) => Ok(format!("{outward} {inward}")),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_12_postcode_every_outward_shape_accepted() {
        for (input, want) in [
            ("M1 1AE", "M1 1AE"),
            ("B33 8TH", "B33 8TH"),
            ("W1A 0AX", "W1A 0AX"),
            ("CR2 6XH", "CR2 6XH"),
            ("DN55 1PT", "DN55 1PT"),
            ("EC1A 1BB", "EC1A 1BB"),
        ] {
            assert_eq!(normalise_postcode(input).as_deref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn section_12_postcode_normalised_to_upper_case_with_one_space() {
        assert_eq!(normalise_postcode("hf1 4qt").unwrap(), "HF1 4QT");
        assert_eq!(normalise_postcode("hf14qt").unwrap(), "HF1 4QT");
        assert_eq!(normalise_postcode("  Hf1    4Qt ").unwrap(), "HF1 4QT");
        assert_eq!(normalise_postcode("ec1a1bb").unwrap(), "EC1A 1BB");
    }

    #[test]
    fn section_12_malformed_postcodes_rejected() {
        for bad in [
            "",
            "HF1",
            "4QT",
            "HF1 4Q",
            "HF1 QQT",
            "1F1 4QT",
            "HFX1 4QT",
            "HF123 4QT",
            "H 4QT",
            "HF1-4QT",
            "HF 14QT",
            "H F1 4QT",
            "HF1 4QT X",
            "ÄF1 4QT",
        ] {
            let e = normalise_postcode(bad).unwrap_err();
            assert!(e.contains("not a UK postcode"), "{bad}: {e}");
        }
    }
}
