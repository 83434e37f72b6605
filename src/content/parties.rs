//! The parties registry (`data/parter.yaml`): who the collaborating bodies are, their
//! organisation numbers (Luhn-checked) and populations, and the host municipalities'
//! catchment areas.

use serde::Deserialize;

use super::frontmatter::At;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartiesFile {
    #[serde(default)]
    pub parties: Vec<Party>,
    #[serde(default)]
    pub host_areas: Vec<HostArea>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub id: At<String>,
    pub name: String,
    /// Other accepted forms of the name ("Falun", "Falu"): `check` warns on near misses.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: PartyKind,
    pub org_number: Option<At<String>>,
    #[serde(default)]
    pub population: Vec<Population>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartyKind {
    #[serde(alias = "region")]
    Region,
    #[serde(alias = "kommun")]
    Municipality,
    #[serde(alias = "annan")]
    Other,
}

impl PartyKind {
    pub fn key(self) -> &'static str {
        match self {
            PartyKind::Region => "region",
            PartyKind::Municipality => "municipality",
            PartyKind::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Population {
    pub date: At<String>,
    pub count: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostArea {
    pub id: String,
    pub name: String,
    pub host: At<String>,
    #[serde(default)]
    pub members: Vec<At<String>>,
    pub main_clinic: Option<String>,
    pub satellite: Option<String>,
    /// The section that names the host and its catchment: `@document#section`.
    pub source: Option<At<String>>,
}

impl Party {
    /// Population on the given date (`YYYY-MM-DD`), if the registry has it.
    pub fn population_on(&self, date: &str) -> Option<u64> {
        self.population
            .iter()
            .find(|p| p.date.value == date)
            .map(|p| p.count)
    }
}

/// Why an organisation number is not valid, in words for the diagnostic.
#[derive(Debug, PartialEq, Eq)]
pub enum OrgNumberProblem {
    Format,
    CheckDigit { expected: u32 },
}

/// The Luhn check digit that follows `digits` (the first nine of an organisation number).
pub fn luhn_check_digit(digits: &[u32]) -> u32 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let v = if i % 2 == 0 { d * 2 } else { d };
            if v > 9 { v - 9 } else { v }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// Validates a Swedish organisation number: ten digits, written `NNNNNN-NNNN` (a space around
/// the hyphen, as some documents print it, is accepted), last digit a Luhn check digit.
pub fn check_org_number(s: &str) -> Result<(), OrgNumberProblem> {
    let digits: Vec<u32> = s
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '–'))
        .map(|c| c.to_digit(10).ok_or(OrgNumberProblem::Format))
        .collect::<Result<_, _>>()?;
    if digits.len() != 10 {
        return Err(OrgNumberProblem::Format);
    }
    let expected = luhn_check_digit(&digits[..9]);
    if digits[9] == expected {
        Ok(())
    } else {
        Err(OrgNumberProblem::CheckDigit { expected })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_real_numbers_and_rejects_a_wrong_check_digit() {
        assert_eq!(check_org_number("212000-2221"), Ok(()));
        assert_eq!(check_org_number("212000 – 2155"), Ok(()));
        assert_eq!(
            check_org_number("212000-2222"),
            Err(OrgNumberProblem::CheckDigit { expected: 1 })
        );
        assert_eq!(
            check_org_number("21200-2221"),
            Err(OrgNumberProblem::Format)
        );
        assert_eq!(
            check_org_number("2120x0-2221"),
            Err(OrgNumberProblem::Format)
        );
    }
}
