//! The strength hint under a new password: a rough guide, not a rule (the rule is the core's:
//! at least 10 characters).

/// How strong a password looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// Shorter than the 10 characters the core requires.
    TooShort,
    Weak,
    Fair,
    Strong,
}

impl Strength {
    /// The hint shown under the field.
    pub fn hint(self) -> &'static str {
        match self {
            Strength::TooShort => "At least 10 characters.",
            Strength::Weak => "Weak: make it longer, or mix in words, digits or signs.",
            Strength::Fair => "Fair: a few more characters make it strong.",
            Strength::Strong => "Strong.",
        }
    }
}

/// A password's strength: length counts most, then the kinds of characters in it.
pub fn strength(password: &str) -> Strength {
    let length = password.chars().count();
    if length < 10 {
        return Strength::TooShort;
    }
    let kinds = [
        password.chars().any(|c| c.is_lowercase()),
        password.chars().any(|c| c.is_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ]
    .into_iter()
    .filter(|&kind| kind)
    .count();
    match (length, kinds) {
        (16.., _) | (12.., 3..) => Strength::Strong,
        (12.., _) | (_, 3..) => Strength::Fair,
        _ => Strength::Weak,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_counts_most() {
        assert_eq!(strength("short"), Strength::TooShort);
        assert_eq!(strength("abcdefghij"), Strength::Weak);
        assert_eq!(strength("abcdefghijkl"), Strength::Fair);
        assert_eq!(strength("Abcdefgh-1"), Strength::Fair);
        assert_eq!(strength("Abcdefgh-123"), Strength::Strong);
        assert_eq!(strength("correct horse battery"), Strength::Strong);
    }
}
