//! The risk scale: configurable, lowest first; default Low / Medium / High / Very High.

use serde::{Deserialize, Serialize};

pub const DEFAULT_RISK_SCALE: &str = include_str!("../../data/risk_scale.toml");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskLevel {
    pub name: String,
    /// A colour name ratatui understands; the name is always shown too.
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskScale {
    #[serde(rename = "level")]
    pub levels: Vec<RiskLevel>,
}

impl RiskScale {
    pub fn parse_toml(text: &str) -> Result<Self, String> {
        let scale: RiskScale = toml::from_str(text).map_err(|e| format!("risk scale: {e}"))?;
        scale.validate()?;
        Ok(scale)
    }

    pub fn default_scale() -> Self {
        Self::parse_toml(DEFAULT_RISK_SCALE).expect("shipped risk scale parses")
    }

    pub fn validate(&self) -> Result<(), String> {
        if self.levels.len() < 2 {
            return Err("risk scale: at least two levels are needed".into());
        }
        for (i, l) in self.levels.iter().enumerate() {
            if l.name.trim().is_empty() {
                return Err(format!("risk scale: level {} has no name", i + 1));
            }
            if self.levels[..i]
                .iter()
                .any(|o| o.name.eq_ignore_ascii_case(&l.name))
            {
                return Err(format!("risk scale: level '{}' appears twice", l.name));
            }
        }
        Ok(())
    }

    /// Position of a level by name (case-insensitive), 0 = lowest.
    pub fn rank(&self, name: &str) -> Option<usize> {
        self.levels
            .iter()
            .position(|l| l.name.eq_ignore_ascii_case(name.trim()))
    }

    pub fn get(&self, name: &str) -> Option<&RiskLevel> {
        self.rank(name).map(|i| &self.levels[i])
    }

    pub fn names(&self) -> Vec<&str> {
        self.levels.iter().map(|l| l.name.as_str()).collect()
    }

    /// Compare two levels: positive when `after` is higher than `before`.
    pub fn change(&self, before: &str, after: &str) -> Option<i64> {
        Some(self.rank(after)? as i64 - self.rank(before)? as i64)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("risk scale serialises")
    }

    pub fn from_json(text: &str) -> Result<Self, String> {
        let s: RiskScale = serde_json::from_str(text).map_err(|e| format!("risk scale: {e}"))?;
        s.validate()?;
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scale_is_low_medium_high_very_high() {
        let s = RiskScale::default_scale();
        assert_eq!(s.names(), vec!["Low", "Medium", "High", "Very High"]);
        assert_eq!(s.rank("very high"), Some(3));
        assert_eq!(s.rank("Extreme"), None);
        assert_eq!(s.change("High", "Low"), Some(-2));
    }

    #[test]
    fn configurable_scale_is_validated() {
        assert!(RiskScale::parse_toml("[[level]]\nname='Only'\ncolour='red'\n").is_err());
        let dup = "[[level]]\nname='A'\ncolour='red'\n[[level]]\nname='a'\ncolour='blue'\n";
        assert!(RiskScale::parse_toml(dup).is_err());
        let ok = "[[level]]\nname='Standard'\ncolour='green'\n[[level]]\nname='Enhanced'\ncolour='red'\n";
        let s = RiskScale::parse_toml(ok).unwrap();
        assert_eq!(RiskScale::from_json(&s.to_json()).unwrap(), s);
    }
}
